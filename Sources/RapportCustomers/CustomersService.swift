public import GRDB
public import RapportCore
import RapportJSON
import RapportStorage

/// The customers room's Swift API: what its methods do, and what other modules may call.
///
/// Every operation runs inside a transaction it is given (a ``ReadContext`` or a
/// ``WriteContext``), so a caller composes it with its own work atomically.
public struct CustomersService: Sendable {
    /// Fields, timeline sources and export sections added by other modules.
    public let extensions: CustomersExtensions

    /// The service over the segment fields, timeline sources and export sections in `extensions`; the default has the built-in ones only.
    public init(extensions: CustomersExtensions = CustomersExtensions()) {
        self.extensions = extensions
    }

    // MARK: - For other modules

    /// The customer with this id, or nil.
    public func customer(_ id: String, in db: Database) throws -> Customer? {
        try CustomerRow.fetch(db, by: .id, id)
    }

    /// The customer with this id, refusing unknown, erased and merged customers with a clear error.
    public func activeCustomer(_ id: String, in db: Database, field: String = "customerId") throws -> Customer {
        try CustomerRow.requireActive(id, in: db, field: field)
    }

    /// Refuses an unknown customer with `not_found` naming `field`; erased and merged customers
    /// pass (their history can still be read). Does not read the profile.
    public func ensureExists(_ id: String, in db: Database, field: String = "customerId") throws {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM customer WHERE id = ?)"), arguments: [id]) == true else {
            throw RapportError.notFound("customer", id, field: field)
        }
    }

    /// Refuses unknown, erased and merged customers like ``activeCustomer(_:in:field:)``, without
    /// reading the profile: the check of hot paths that only need the customer to exist.
    public func ensureActive(_ id: String, in db: Database, field: String = "customerId") throws {
        _ = try CustomerRow.requireActiveOrderCount(id, in: db, field: field)
    }

    /// The order with this id, refusing an unknown one with a clear error naming `field`.
    public func order(_ id: String, in db: Database, field: String = "orderId") throws -> Order {
        try OrderRow.order(id, in: db, field: field)
    }

    /// Whether the segment `segmentId` picks this customer at `now`.
    ///
    /// - Throws: `not_found` naming `field` for an unknown segment.
    public func isMember(
        _ customerId: String, ofSegment segmentId: String, at now: Timestamp, in db: Database,
        field: String = "segmentId"
    ) throws -> Bool {
        let segment = try segment(segmentId, in: db, field: field)
        return try picks(segment, customerId, at: now, in: db)
    }

    // MARK: - Profiles

    func create(_ params: CustomersCreate.Params, in context: WriteContext) throws -> Customer {
        let db = context.db
        let at = params.at ?? context.now
        var customer = Customer(
            id: context.newID("cus", at: at), externalId: nil, name: nil, email: nil, phone: nil, birthday: nil,
            locale: nil, tags: [], attributes: params.attributes ?? JSONObject(), consent: Consent(),
            source: try FieldValidation.word(params.source ?? "organic", field: "source"), createdAt: at, updatedAt: at,
            stats: Customer.Stats(orderCount: 0, totalSpent: .zero, averageCheck: .zero, firstOrderAt: nil, lastOrderAt: nil),
            erasedAt: nil, mergedInto: nil)
        customer.name = try params.name.map { try TextInput.text($0, field: "name", max: 200) }
        customer.email = try params.email.map { try FieldValidation.email($0) }
        customer.phone = try params.phone.map { try FieldValidation.phone($0) }
        let birthday = try params.birthday.map { try CustomerValidation.birthday($0) }
        customer.birthday = birthday?.text
        customer.externalId = try params.externalId.map { try FieldValidation.externalId($0) }
        customer.locale = try params.locale.map(FieldValidation.locale)
        customer.tags = try FieldValidation.tags(params.tags ?? [])
        customer.consent = (params.consent ?? ConsentChange()).applied(to: Consent(), at: at)
        if let code = params.referralCode { _ = try TextInput.text(code, field: "referralCode", max: 64) }
        try ensureUnique(customer, in: db)
        try CustomerRow.insert(customer, birthday: birthday.map { ($0.month, $0.day) }, referralCode: params.referralCode, in: db)
        try context.raise(CustomerCreated(customer: customer, referralCode: params.referralCode))
        if customer.hasCompleteProfile {
            try context.raise(CustomerActionPerformed(customerId: customer.id, action: .profileCompleted, reference: "profile", at: at))
        }
        return customer
    }

    func get(_ params: CustomersGet.Params, in db: Database) throws -> Customer {
        let field: String
        let value: String
        let found: Customer?
        switch (params.id, params.externalId, params.email, params.phone) {
        case (let id?, nil, nil, nil):
            (field, value) = ("id", id)
            found = try CustomerRow.fetch(db, by: .id, id)
        case (nil, let externalId?, nil, nil):
            (field, value) = ("externalId", externalId)
            found = try CustomerRow.fetch(db, by: .externalId, externalId)
        case (nil, nil, let email?, nil):
            (field, value) = ("email", email)
            found = try CustomerRow.fetch(db, by: .emailKey, FieldValidation.emailKey(email.trimmingWhitespace))
        case (nil, nil, nil, let phone?):
            (field, value) = ("phone", phone)
            guard let normalized = try? FieldValidation.phone(phone) else { throw RapportError.notFound("customer", phone, field: "phone") }
            found = try CustomerRow.fetch(db, by: .phone, normalized)
        default:
            let first = [("id", params.id), ("externalId", params.externalId), ("email", params.email), ("phone", params.phone)]
                .first { $0.1 != nil }?.0
            throw RapportError.invalid(first ?? "id", "give exactly one of id, externalId, email or phone")
        }
        guard let found else { throw RapportError.notFound("customer", value, field: field) }
        return found
    }

    func update(_ params: CustomersUpdate.Params, in context: WriteContext) throws -> Customer {
        let db = context.db
        let at = params.at ?? context.now
        let old = try CustomerRow.requireActive(params.id, in: db, field: "id")
        var customer = old
        customer.name = try params.name.applied(to: old.name).map { try TextInput.text($0, field: "name", max: 200) }
        customer.email = try params.email.applied(to: old.email).map { try FieldValidation.email($0) }
        customer.phone = try params.phone.applied(to: old.phone).map { try FieldValidation.phone($0) }
        let birthdayText = params.birthday.applied(to: old.birthday)
        let birthday = try birthdayText.map { try CustomerValidation.birthday($0) }
        customer.birthday = birthday?.text
        customer.externalId = try params.externalId.applied(to: old.externalId).map { try FieldValidation.externalId($0) }
        customer.locale = try params.locale.applied(to: old.locale).map(FieldValidation.locale)
        customer.tags = try FieldValidation.tags(params.tags.applied(to: old.tags) ?? [])
        customer.attributes = params.attributes.applied(to: old.attributes) ?? JSONObject()
        if let consent = params.consent { customer.consent = consent.applied(to: old.consent, at: at) }
        if let source = params.source { customer.source = try FieldValidation.word(source, field: "source") }
        let changed = Self.changedFields(from: old, to: customer)
        guard !changed.isEmpty else { return old }
        customer.updatedAt = at
        try ensureUnique(customer, in: db)
        try CustomerRow.updateProfile(customer, birthday: birthday.map { ($0.month, $0.day) }, in: db)
        try context.raise(CustomerUpdated(customer: customer, changed: changed))
        if customer.hasCompleteProfile && !old.hasCompleteProfile {
            try context.raise(CustomerActionPerformed(customerId: customer.id, action: .profileCompleted, reference: "profile", at: at))
        }
        return customer
    }

    func list(_ params: CustomersList.Params, in context: ReadContext) throws -> Page<Customer> {
        let limit = try Pagination.limit(params.limit)
        var filter = SQLFilter("c.merged_into IS NULL")
        if let after = try Pagination.id(fromCursor: params.cursor) { filter.add("c.id > ?", after) }
        if let tag = params.tag { filter.add("EXISTS (SELECT 1 FROM customer_tag t WHERE t.tag = ? AND t.customer_id = c.id)", tag) }
        if let source = params.source { filter.add("c.source = ?", source) }
        if let from = params.createdFrom { filter.add("c.created_at >= ?", from.millisecondsSince1970) }
        if let to = params.createdTo { filter.add("c.created_at < ?", to.millisecondsSince1970) }
        if let segmentId = params.segmentId {
            let segment = try segment(segmentId, in: context.db, field: "segmentId")
            let compiled = try SegmentCompiler.compile(segment.rule, fields: extensions.segmentFields, now: context.now)
            // A segment holds living customers only, as segments.members and segments.preview say.
            filter.add("c.erased_at IS NULL AND (\(compiled.whereClause))", arguments: compiled.arguments)
        }
        return try page(where: filter.condition, filter.arguments, limit: limit, in: context.db)
    }

    /// One page of customers in id order.
    func page(where condition: String, _ arguments: StatementArguments, limit: Int, in db: Database) throws -> Page<Customer> {
        var arguments = arguments
        _ = arguments.append(contentsOf: [limit + 1])
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(CustomerRow.columns) FROM customer c WHERE \(condition) ORDER BY c.id LIMIT ?", arguments: arguments)
        return Pagination.page(try rows.map(CustomerRow.customer), limit: limit) { $0.id }
    }

    func search(_ params: CustomersSearch.Params, in db: Database) throws -> CustomersSearch.Result {
        let limit = try Pagination.limit(params.limit, standard: 20, maximum: 100)
        let query = params.query.trimmingWhitespace
        guard query.count >= 3 else { throw RapportError.invalid("query", "a search needs at least 3 characters") }
        // Newest first by rowid, which FTS5 walks lazily: a common name stops at `limit` matches.
        // One FTS5 phrase: quotes doubled, so the query is matched literally, never parsed as FTS syntax.
        var phrases = ["\"" + query.replacingQuotes + "\""]
        let digits = query.filter(\.isNumber)
        if digits.count >= 3, digits.count < query.count, query.allSatisfy({ $0.isNumber || " +-().".contains($0) }) {
            phrases.append("\"" + digits + "\"")
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(CustomerRow.columns) FROM customer_search s JOIN customer c ON c.rowid = s.rowid
                WHERE customer_search MATCH ? ORDER BY s.rowid DESC LIMIT ?
                """, arguments: [phrases.joined(separator: " OR "), limit])
        return CustomersSearch.Result(items: try rows.map(CustomerRow.customer))
    }

    // MARK: - Merge and erase

    func merge(_ params: CustomersMerge.Params, in context: WriteContext) throws -> Customer {
        let db = context.db
        guard params.into != params.from else { throw RapportError(.notAllowed, "a customer cannot be merged into itself", field: "from") }
        var into = try CustomerRow.requireActive(params.into, in: db, field: "into")
        var from = try CustomerRow.requireActive(params.from, in: db, field: "from")
        for table in ["\"order\"", "refund", "interaction", "cart_event"] {
            try db.execute(sql: "UPDATE \(table) SET customer_id = ? WHERE customer_id = ?", arguments: [into.id, from.id])
        }
        // The newer cart wins; the other goes.
        try db.execute(
            sql: """
                DELETE FROM cart WHERE customer_id = (
                    SELECT customer_id FROM cart WHERE customer_id IN (?, ?) ORDER BY updated_at DESC LIMIT -1 OFFSET 1)
                """, arguments: [into.id, from.id])
        try db.execute(sql: "UPDATE cart SET customer_id = ? WHERE customer_id = ?", arguments: [into.id, from.id])

        // The duplicate gives up its unique keys first, so the survivor may take them.
        try db.execute(
            sql: """
                UPDATE customer SET merged_into = ?, external_id = NULL, email_key = NULL, phone = NULL, updated_at = ? WHERE id = ?
                """, arguments: [into.id, context.now.millisecondsSince1970, from.id])
        from.mergedInto = into.id
        try CustomerRow.index(from, in: db)
        into.name = into.name ?? from.name
        into.email = into.email ?? from.email
        into.phone = into.phone ?? from.phone
        into.birthday = into.birthday ?? from.birthday
        into.externalId = into.externalId ?? from.externalId
        into.locale = into.locale ?? from.locale
        into.tags = Array(Set(into.tags).union(from.tags)).sorted()
        for (key, value) in from.attributes where into.attributes[key] == nil { into.attributes.append(key: key, value: value) }
        into.consent = Consent(
            email: Self.newer(into.consent.email, from.consent.email),
            sms: Self.newer(into.consent.sms, from.consent.sms),
            messenger: Self.newer(into.consent.messenger, from.consent.messenger))
        into.updatedAt = context.now
        let birthday = try into.birthday.map { try CustomerValidation.birthday($0) }
        try CustomerRow.updateProfile(into, birthday: birthday.map { ($0.month, $0.day) }, in: db)
        try CustomerRow.recomputeStats(of: into.id, in: db)
        try context.raise(CustomerMerged(into: into.id, from: from.id))
        return try CustomerRow.require(into.id, in: db, field: "into")
    }

    func erase(_ params: CustomersErase.Params, in context: WriteContext) throws -> CustomersErase.Result {
        let db = context.db
        var customer = try CustomerRow.require(params.id, in: db, field: "id")
        if let erasedAt = customer.erasedAt { return CustomersErase.Result(customerId: customer.id, erasedAt: erasedAt) }
        try db.execute(
            sql: """
                UPDATE customer SET name = NULL, email = NULL, email_key = NULL, phone = NULL, birthday = NULL, birth_month = NULL,
                    birth_day = NULL, locale = NULL, external_id = NULL, attributes = '{}', referral_code = NULL,
                    erased_at = ?1, updated_at = ?1
                WHERE id = ?2
                """, arguments: [context.now.millisecondsSince1970, customer.id])
        try db.execute(sql: "UPDATE interaction SET summary = '[erased]' WHERE customer_id = ?", arguments: [customer.id])
        try db.execute(
            sql: "INSERT INTO erasure (customer_id, at, actor) VALUES (?, ?, ?)",
            arguments: [customer.id, context.now.millisecondsSince1970, context.actor])
        customer.erasedAt = context.now
        try CustomerRow.index(customer, in: db)
        try context.raise(CustomerErased(customerId: customer.id))
        return CustomersErase.Result(customerId: customer.id, erasedAt: context.now)
    }

    func export(_ params: CustomersExport.Params, in context: ReadContext) throws -> CustomersExport.Result {
        let db = context.db
        let customer = try CustomerRow.require(params.id, in: db, field: "id")
        let orders = try OrderRow.orders(where: "o.customer_id = ?", [customer.id], order: "o.at, o.id", in: db)
        let refunds = try Row.fetchAll(
            db, sql: "SELECT id, order_id, customer_id, amount, reason, at FROM refund WHERE customer_id = ? ORDER BY at, id",
            arguments: [customer.id]
        ).map(OrderRow.refund)
        let interactions = try Row.fetchAll(
            db, sql: "SELECT \(OrderRow.interactionColumns) FROM interaction WHERE customer_id = ? ORDER BY at, id",
            arguments: [customer.id]
        ).map(OrderRow.interaction)
        let cartHistory = try Row.fetchAll(
            db, sql: "SELECT customer_id, items, total, at FROM cart_event WHERE customer_id = ? ORDER BY at, id",
            arguments: [customer.id]
        ).map(OrderRow.cart)
        let cart = try Row.fetchOne(
            db, sql: "SELECT customer_id, items, total, updated_at FROM cart WHERE customer_id = ?",
            arguments: [customer.id]
        ).map(OrderRow.cart)
        let erasure = try Row.fetchOne(db, sql: "SELECT at, actor FROM erasure WHERE customer_id = ?", arguments: [customer.id]).map {
            CustomersExport.Erasure(at: Timestamp(millisecondsSince1970: $0[0]), actor: $0[1])
        }
        var modules = JSONObject()
        for source in extensions.exportSources {
            modules.append(key: source.module, value: try source.export(customer.id, context.now, db))
        }
        return CustomersExport.Result(
            customer: customer, orders: orders, refunds: refunds, interactions: interactions, cart: cart,
            cartHistory: cartHistory, segments: try segmentNames(containing: customer.id, in: db, now: context.now), erasure: erasure,
            modules: modules)
    }

    // MARK: - Helpers

    /// Refuses a profile whose external id, email or phone another customer holds.
    private func ensureUnique(_ customer: Customer, in db: Database) throws {
        let checks: [(String, String, (any DatabaseValueConvertible)?)] = [
            ("externalId", "external_id", customer.externalId),
            ("email", "email_key", customer.email.map(FieldValidation.emailKey)),
            ("phone", "phone", customer.phone),
        ]
        for (field, column, value) in checks {
            guard let value else { continue }
            let holder = try String.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM customer WHERE \(column) = ? AND id != ?"), arguments: [value, customer.id])
            if let holder {
                throw RapportError(
                    .conflict, "another customer (\(holder)) already has this \(field)", field: field,
                    details: ["existingId": .string(holder)])
            }
        }
    }

    private static func changedFields(from old: Customer, to new: Customer) -> [String] {
        var changed: [String] = []
        if old.name != new.name { changed.append("name") }
        if old.email != new.email { changed.append("email") }
        if old.phone != new.phone { changed.append("phone") }
        if old.birthday != new.birthday { changed.append("birthday") }
        if old.externalId != new.externalId { changed.append("externalId") }
        if old.locale != new.locale { changed.append("locale") }
        if old.tags != new.tags { changed.append("tags") }
        if old.attributes != new.attributes { changed.append("attributes") }
        if old.consent != new.consent { changed.append("consent") }
        if old.source != new.source { changed.append("source") }
        return changed
    }

    private static func newer(_ first: ConsentState?, _ second: ConsentState?) -> ConsentState? {
        guard let first else { return second }
        guard let second else { return first }
        return second.at > first.at ? second : first
    }
}

extension String {
    fileprivate var replacingQuotes: String {
        var result = ""
        for character in self {
            if character == "\"" { result += "\"\"" } else { result.append(character) }
        }
        return result
    }
}
