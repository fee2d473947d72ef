import RapportCore

/// Page sizes and opaque cursors, the same for every list of the module.
enum Pagination {
    /// The page size asked for, 1–`maximum`, `standard` when absent.
    static func limit(_ requested: Int?, standard: Int = 50, maximum: Int = 1000) throws(RapportError) -> Int {
        guard let requested else { return standard }
        guard (1...maximum).contains(requested) else {
            throw RapportError.invalid("limit", "limit must be 1 to \(maximum)")
        }
        return requested
    }

    /// A cursor for lists ordered by id: the last id of the page.
    static func idCursor(after id: String) -> String { "id:" + id }

    /// The id a cursor made by ``idCursor(after:)`` points after.
    static func id(fromCursor cursor: String?) throws(RapportError) -> String? {
        guard let cursor else { return nil }
        guard cursor.hasPrefix("id:"), cursor.count > 3 else { throw RapportError.invalid("cursor", "not a cursor this list gave out") }
        return String(cursor.dropFirst(3))
    }

    /// A timeline cursor: the time and id of the last entry of the page.
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
