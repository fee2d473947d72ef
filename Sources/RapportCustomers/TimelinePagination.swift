import RapportCore
import RapportStorage

/// Timeline cursors: the time and id of the last entry of a page.
extension Pagination {
    static func timelineCursor(after entry: TimelineEntry) -> String {
        "t:\(entry.at.millisecondsSince1970):\(entry.id)"
    }

    static func timeline(fromCursor cursor: String?) throws(RapportError) -> TimelineCursor? {
        guard let cursor else { return nil }
        let parts = cursor.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0] == "t", let milliseconds = Int64(parts[1]) else {
            throw RapportError.invalid("cursor", "not a cursor this timeline gave out")
        }
        return TimelineCursor(milliseconds: milliseconds, id: String(parts[2]))
    }
}
