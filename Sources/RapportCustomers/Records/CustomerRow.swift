import GRDB
import RapportCore
import RapportJSON
import RapportStorage

/// Reading and writing `customer` rows; the only place that knows the column layout.
enum CustomerRow {
    static let columns = """
        c.id, c.external_id, c.name, c.email, c.phone, c.birthday, c.locale, c.tags, c.attributes, c.consent, \
        c.source, c.created_at, c.updated_at, c.order_count, c.total_spent, c.first_order_at, c.last_order_at, \
        c.erased_at, c.merged_into
        """

    /// Decodes a row selected with ``columns``.
    static func customer(_ row: some ColumnReading) throws -> Customer {
        let orderCount = try row.int64(13)
        let totalSpent = try row.int64(14)
        return try Customer(
            id: row.text(0),
            externalId: row.optionalText(1),
            name: row.optionalText(2),
            email: row.optionalText(3),
            phone: row.optionalText(4),
            birthday: row.optionalText(5),
            locale: row.optionalText(6),
            tags: try parseJSON(row.text(7)).arrayValue?.compactMap(\.stringValue) ?? [],
            attributes: try parseJSON(row.text(8)).objectValue ?? JSONObject(),
            consent: try consent(parseJSON(row.text(9))),
            source: row.text(10),
            createdAt: Timestamp(millisecondsSince1970: row.int64(11)),
            updatedAt: Timestamp(millisecondsSince1970: row.int64(12)),
            stats: Customer.Stats(
                orderCount: orderCount,
                totalSpent: Money(minorUnits: totalSpent),
                averageCheck: Money(minorUnits: orderCount > 0 ? totalSpent / orderCount : 0),
                firstOrderAt: row.optionalInt64(15).map(Timestamp.init(millisecondsSince1970:)),
                lastOrderAt: row.optionalInt64(16).map(Timestamp.init(millisecondsSince1970:))
            ),
            erasedAt: row.optionalInt64(17).map(Timestamp.init(millisecondsSince1970:)),
            mergedInto: row.optionalText(18)
        )
    }

    /// The `consent` column, read directly: the hot path of every customer read, where Codable
    /// would cost as much as the rest of the row.
    static func consent(_ json: JSONValue) throws -> Consent {
        func state(_ channel: String) throws -> ConsentState? {
            guard let value = json[channel], value != .null else { return nil }
            guard case .bool(let granted)? = value["granted"], case .string(let at)? = value["at"], let time = Timestamp(parsing: at) else {
                throw RapportError(.internal, "a stored consent.\(channel) is malformed")
            }
            return ConsentState(granted: granted, at: time)
        }
        return Consent(email: try state("email"), sms: try state("sms"), messenger: try state("messenger"))
    }

    /// The unique columns a customer is found by, each with its statement's SQL written once.
    enum Key {
        case id, externalId, emailKey, phone

        var sql: String {
            switch self {
            case .id: Self.byID
            case .externalId: Self.byExternalID
            case .emailKey: Self.byEmailKey
            case .phone: Self.byPhone
            }
        }

        private static let byID = "SELECT \(columns) FROM customer c WHERE c.id = ?"
        private static let byExternalID = "SELECT \(columns) FROM customer c WHERE c.external_id = ?"
        private static let byEmailKey = "SELECT \(columns) FROM customer c WHERE c.email_key = ?"
        private static let byPhone = "SELECT \(columns) FROM customer c WHERE c.phone = ?"
    }

    /// The customer whose `key` column holds `value`, or nil.
    static func fetch(_ db: Database, by key: Key, _ value: String) throws -> Customer? {
        try db.cachedStatement(sql: key.sql).fetchFirst(value) { try customer($0) }
    }

    /// The customer with this id, or `not_found` naming `field`.
    static func require(_ id: String, in db: Database, field: String) throws -> Customer {
        guard let customer = try fetch(db, by: .id, id) else {
            throw RapportError.notFound("customer", id, field: field)
        }
        return customer
    }

    /// The customer with this id, refusing erased and merged ones: they take no new history.
    static func requireActive(_ id: String, in db: Database, field: String) throws -> Customer {
        let customer = try require(id, in: db, field: field)
        if let into = customer.mergedInto {
            throw RapportError(
                .notAllowed, "customer \(id) was merged into \(into); use that id", field: field, details: ["mergedInto": .string(into)])
        }
        if customer.erasedAt != nil {
            throw RapportError(.notAllowed, "customer \(id) was erased", field: field)
        }
        return customer
    }

    /// Checks that a customer exists and may take new history, without decoding the profile;
    /// returns its order count. The hot path of `orders.record`.
    static func requireActiveOrderCount(_ id: String, in db: Database, field: String) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "SELECT order_count, merged_into, erased_at FROM customer WHERE id = ?")
        guard
            let (orderCount, mergedInto, erasedAt) = try statement.fetchFirst(
                id,
                read: {
                    (try $0.int64(0), $0.optionalText(1), try $0.optionalInt64(2))
                })
        else {
            throw RapportError.notFound("customer", id, field: field)
        }
        if let into = mergedInto {
            throw RapportError(
                .notAllowed, "customer \(id) was merged into \(into); use that id", field: field, details: ["mergedInto": .string(into)])
        }
        if erasedAt != nil { throw RapportError(.notAllowed, "customer \(id) was erased", field: field) }
        return orderCount
    }

    /// Inserts a new customer row and its tags and search entry.
    static func insert(_ customer: Customer, birthday: (month: Int64, day: Int64)?, referralCode: String?, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO customer (id, external_id, name, email, email_key, phone, birthday, birth_month, birth_day, locale,
                    tags, attributes, consent, source, referral_code, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            customer.id, customer.externalId, customer.name, customer.email,
            customer.email.map(FieldValidation.emailKey), customer.phone, customer.birthday,
            birthday?.month, birthday?.day, customer.locale, try encodeJSON(customer.tags),
            try encodeJSON(customer.attributes), try encodeJSON(customer.consent), customer.source, referralCode,
            customer.createdAt.millisecondsSince1970, customer.updatedAt.millisecondsSince1970,
        ])
        try replaceTags(of: customer.id, with: customer.tags, in: db)
        try index(customer, in: db)
    }

    /// Writes the profile fields of an existing customer (not its order totals).
    static func updateProfile(_ customer: Customer, birthday: (month: Int64, day: Int64)?, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                UPDATE customer SET external_id = ?, name = ?, email = ?, email_key = ?, phone = ?, birthday = ?,
                    birth_month = ?, birth_day = ?, locale = ?, tags = ?, attributes = ?, consent = ?, source = ?, updated_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            customer.externalId, customer.name, customer.email, customer.email.map(FieldValidation.emailKey),
            customer.phone, customer.birthday, birthday?.month, birthday?.day, customer.locale,
            try encodeJSON(customer.tags), try encodeJSON(customer.attributes), try encodeJSON(customer.consent),
            customer.source, customer.updatedAt.millisecondsSince1970, customer.id,
        ])
        try replaceTags(of: customer.id, with: customer.tags, in: db)
        try index(customer, in: db)
    }

    static func replaceTags(of id: String, with tags: [String], in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM customer_tag WHERE customer_id = ?").execute(arguments: [id])
        let insert = try db.cachedStatement(sql: "INSERT INTO customer_tag (tag, customer_id) VALUES (?, ?)")
        for tag in tags { try insert.execute(arguments: [tag, id]) }
    }

    /// Keeps the trigram search index in step with the searchable fields.
    static func index(_ customer: Customer, in db: Database) throws {
        let rowID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM customer WHERE id = ?"), arguments: [customer.id])!
        try db.cachedStatement(sql: "DELETE FROM customer_search WHERE rowid = ?").execute(arguments: [rowID])
        let text = [customer.name, customer.email, customer.phone, customer.externalId].compactMap { $0 }.joined(separator: " ")
        guard !text.isEmpty, customer.erasedAt == nil, customer.mergedInto == nil else { return }
        try db.cachedStatement(sql: "INSERT INTO customer_search (rowid, text) VALUES (?, ?)").execute(arguments: [rowID, text])
    }

    /// Recomputes a customer's order totals from its orders (after a merge).
    static func recomputeStats(of id: String, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE customer SET
                    order_count = (SELECT count(*) FROM "order" WHERE customer_id = ?1),
                    total_spent = (SELECT coalesce(sum(amount - refunded), 0) FROM "order" WHERE customer_id = ?1),
                    first_order_at = (SELECT min(at) FROM "order" WHERE customer_id = ?1),
                    last_order_at = (SELECT max(at) FROM "order" WHERE customer_id = ?1)
                WHERE id = ?1
                """, arguments: [id])
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try StoredJSON.decode(type, from: text)
    }

    static func parseJSON(_ text: String) throws -> JSONValue { try StoredJSON.parse(text) }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> String { try StoredJSON.encode(value) }
}
