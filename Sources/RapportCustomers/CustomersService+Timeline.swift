public import GRDB
import RapportCore
import RapportJSON
import RapportStorage

extension CustomersService {
    /// The timeline sources of this module, followed by those other modules added.
    var timelineSources: [TimelineSource] {
        Self.builtInTimelineSources + extensions.timelineSources
    }

    func timeline(_ params: CustomersTimeline.Params, in db: Database) throws -> Page<TimelineEntry> {
        let limit = try Pagination.limit(params.limit)
        let customer = try CustomerRow.require(params.id, in: db, field: "id")
        let before = try Pagination.timeline(fromCursor: params.cursor)
        // Each source gives its newest `limit + 1` entries before the cursor; the merge keeps the newest overall.
        var entries: [TimelineEntry] = []
        for source in timelineSources {
            entries += try source.read(customer.id, before, limit + 1, db)
        }
        entries.sort { ($0.at, $0.id) > ($1.at, $1.id) }
        var next: String?
        if entries.count > limit {
            entries.removeSubrange(limit...)
            next = entries.last.map(Pagination.timelineCursor(after:))
        }
        return Page(items: entries, nextCursor: next)
    }

    /// ` AND (at < ? OR (at = ? AND id < ?))` for rows before a cursor, with its arguments;
    /// `prefix` qualifies the columns (`o.`).
    public static func before(_ cursor: TimelineCursor?, prefix: String = "") -> (sql: String, arguments: StatementArguments) {
        guard let cursor else { return ("", []) }
        return (" AND (\(prefix)at < ? OR (\(prefix)at = ? AND \(prefix)id < ?))", [cursor.milliseconds, cursor.milliseconds, cursor.id])
    }

    private static let builtInTimelineSources: [TimelineSource] = [
        TimelineSource(kind: "order") { customerId, cursor, limit, db in
            let (condition, arguments) = before(cursor, prefix: "o.")
            var all: StatementArguments = [customerId]
            _ = all.append(contentsOf: arguments)
            return try OrderRow.orders(
                where: "o.customer_id = ?\(condition)", all,
                order: "o.at DESC, o.id DESC", limit: limit, in: db
            ).map { order in
                TimelineEntry(
                    at: order.at, kind: "order", id: order.id,
                    summary: "Order \(order.externalId): \(order.amount) (\(order.items.count) items)",
                    data: try JSONValueEncoder().encode(order))
            }
        },
        TimelineSource(kind: "refund") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(
                "id, order_id, customer_id, amount, reason, at", from: "refund", of: customerId, before: cursor, limit: limit, in: db
            ).map { row in
                let refund = OrderRow.refund(row)
                return TimelineEntry(
                    at: refund.at, kind: "refund", id: refund.id,
                    summary: "Refund of \(refund.amount) on \(refund.orderId)", data: try JSONValueEncoder().encode(refund))
            }
        },
        TimelineSource(kind: "interaction") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(
                OrderRow.interactionColumns, from: "interaction", of: customerId, before: cursor, limit: limit, in: db
            ).map { row in
                let interaction = try OrderRow.interaction(row)
                return TimelineEntry(
                    at: interaction.at, kind: "interaction", id: interaction.id,
                    summary:
                        "\(interaction.kind.rawValue) \(interaction.direction.rawValue) by \(interaction.channel.rawValue): \(interaction.summary)",
                    data: try JSONValueEncoder().encode(interaction))
            }
        },
        TimelineSource(kind: "cart") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(
                "id, customer_id, items, total, at, kind", from: "cart_event", of: customerId, before: cursor, limit: limit, in: db
            ).map { row in
                let cart = Cart(
                    customerId: row[1], items: try CustomerRow.decodeJSON([OrderItem].self, row[2]),
                    total: Money(minorUnits: row[3]), updatedAt: Timestamp(millisecondsSince1970: row[4]))
                let kind: String = row[5]
                return TimelineEntry(
                    at: cart.updatedAt, kind: "cart", id: row[0],
                    summary: kind == "cleared" ? "Cart cleared" : "Cart: \(cart.items.count) items, \(cart.total)",
                    data: try JSONValueEncoder().encode(cart))
            }
        },
    ]
}

extension TimelineSource {
    /// One page of a customer's rows from `table` (with `customer_id`, `at` and `id` columns),
    /// newest first, strictly before `cursor`: what most timeline sources read.
    public static func newestRows(
        _ columns: String, from table: String, of customerId: String, before cursor: TimelineCursor?, limit: Int, in db: Database
    ) throws -> [Row] {
        let (condition, cursorArguments) = CustomersService.before(cursor)
        var arguments: StatementArguments = [customerId]
        _ = arguments.append(contentsOf: cursorArguments)
        _ = arguments.append(contentsOf: [limit])
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(columns) FROM \(table) WHERE customer_id = ?\(condition) ORDER BY at DESC, id DESC LIMIT ?
                """)
        return try Row.fetchAll(statement, arguments: arguments)
    }
}
