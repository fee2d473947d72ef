public import RapportCore

/// A page of a list: the items and the cursor of the next page (null at the end).
public struct Page<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    /// The page's items, at most the `limit` asked for, in the list's order.
    public var items: [Item]
    /// The opaque cursor to send as `cursor` for the next page; null on the last page.
    public var nextCursor: String?

    /// A page of `items`, followed by the page at `nextCursor` (nil when this is the last).
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Page sizes and opaque cursors, the same for every list of every module.
public enum Pagination {
    /// The page size asked for, 1–`maximum`, `standard` when absent.
    public static func limit(_ requested: Int?, standard: Int = 50, maximum: Int = 1000) throws(RapportError) -> Int {
        guard let requested else { return standard }
        guard (1...maximum).contains(requested) else {
            throw RapportError.invalid("limit", "limit must be 1 to \(maximum)")
        }
        return requested
    }

    /// A cursor for lists ordered by id: the last id of the page.
    public static func idCursor(after id: String) -> String { "id:" + id }

    /// The id a cursor made by ``idCursor(after:)`` points after.
    public static func id(fromCursor cursor: String?) throws(RapportError) -> String? {
        guard let cursor else { return nil }
        guard cursor.hasPrefix("id:"), cursor.count > 3 else { throw RapportError.invalid("cursor", "not a cursor this list gave out") }
        return String(cursor.dropFirst(3))
    }

    /// Cuts a page fetched with one row more than `limit`: the items and the cursor after the last.
    public static func page<Item: Codable & Sendable & Hashable>(_ fetched: [Item], limit: Int, id: (Item) -> String) -> Page<Item> {
        guard fetched.count > limit else { return Page(items: fetched, nextCursor: nil) }
        let items = Array(fetched.prefix(limit))
        return Page(items: items, nextCursor: items.last.map { idCursor(after: id($0)) })
    }
}
