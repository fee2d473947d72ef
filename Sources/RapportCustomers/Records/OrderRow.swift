import GRDB
import RapportCore

/// Reading `order`, `order_item`, `refund`, `interaction`, `cart` and `cart_event` rows.
enum OrderRow {
    static let orderColumns = "o.id, o.customer_id, o.external_id, o.amount, o.refunded, o.channel, o.at"
    static let interactionColumns = "id, customer_id, channel, direction, kind, summary, cost, at"

    /// Orders matching a condition over alias `o`, with their items.
    static func orders(where condition: String, _ arguments: StatementArguments, order: String, limit: Int? = nil, in db: Database) throws -> [Order]
    {
        var sql = "SELECT \(orderColumns) FROM \"order\" o WHERE \(condition) ORDER BY \(order)"
        var arguments = arguments
        if let limit {
            sql += " LIMIT ?"
            _ = arguments.append(contentsOf: [limit])
        }
        let items = try db.cachedStatement(sql: "SELECT sku, category, quantity, unit_price FROM order_item WHERE order_id = ? ORDER BY position")
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
            let id: String = row[0]
            return Order(
                id: id, customerId: row[1], externalId: row[2], amount: Money(minorUnits: row[3]), refunded: Money(minorUnits: row[4]),
                channel: row[5],
                items: try Row.fetchAll(items, arguments: [id]).map {
                    OrderItem(sku: $0[0], category: $0[1], quantity: $0[2], price: Money(minorUnits: $0[3]))
                },
                at: Timestamp(millisecondsSince1970: row[6]))
        }
    }

    static func order(_ id: String, in db: Database, field: String) throws -> Order {
        guard let order = try orders(where: "o.id = ?", [id], order: "o.id", in: db).first else {
            throw RapportError.notFound("order", id, field: field)
        }
        return order
    }

    static func refund(_ row: Row) -> Refund {
        Refund(
            id: row[0], orderId: row[1], customerId: row[2], amount: Money(minorUnits: row[3]), reason: row[4],
            at: Timestamp(millisecondsSince1970: row[5]))
    }

    static func interaction(_ row: Row) throws -> Interaction {
        func value<T: RawRepresentable<String>>(_ index: Int) throws -> T {
            let raw: String = row[index]
            guard let value = T(rawValue: raw) else { throw RapportError(.internal, "stored interaction has \(raw)") }
            return value
        }
        return Interaction(
            id: row[0], customerId: row[1], channel: try value(2), direction: try value(3), kind: try value(4), summary: row[5],
            cost: Money(minorUnits: row[6]), at: Timestamp(millisecondsSince1970: row[7]))
    }

    /// A cart from `customer_id, items, total, time`.
    static func cart(_ row: Row) throws -> Cart {
        Cart(
            customerId: row[0], items: try CustomerRow.decodeJSON([OrderItem].self, row[1]), total: Money(minorUnits: row[2]),
            updatedAt: Timestamp(millisecondsSince1970: row[3]))
    }
}
