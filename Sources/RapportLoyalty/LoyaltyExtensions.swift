import GRDB
import RapportCore
import RapportCustomers
import RapportJSON

/// What loyalty adds to the customers room: segment fields, timeline entries and an export section.
extension LoyaltyModule {
    /// Adds loyalty's segment fields (`tier`, `points`, `pendingPoints`, `pointsExpiringIn`), its
    /// timeline sources (`points`, `tier`, `coupon`) and its export section to `extensions`.
    static func extend(_ extensions: inout CustomersExtensions) {
        addSegmentFields(to: &extensions.segmentFields)
        extensions.timelineSources += timelineSources
        extensions.exportSources.append(ExportSource(module: "loyalty") { customerId, now, db in try export(customerId, at: now, in: db) })
    }

    private static func addSegmentFields(to fields: inout SegmentFieldRegistry) {
        // The tier of a customer without an account, or whose tier was removed, is the base tier:
        // the policy is read from the store by SQL, so a rule follows tiers.configure.
        // A customer without an account is in the base tier, and so is one whose tier a later
        // tiers.configure removed: the policy is read by SQL, so a rule follows the configuration.
        fields.register(
            SegmentField(name: "tier", kind: .text, summary: "The loyalty tier's name (the base tier for customers who never moved).") { _ in
                SegmentField.SQLFragment(
                    sql: """
                        (SELECT CASE
                            WHEN g.value IS NULL THEN coalesce(a.tier, ?)
                            WHEN a.tier IN (SELECT json_extract(t.value, '$.name') FROM json_each(g.value, '$.tiers') t) THEN a.tier
                            ELSE json_extract(g.value, '$.tiers[0].name') END
                         FROM (SELECT 1) LEFT JOIN loyalty_account a ON a.customer_id = c.id LEFT JOIN loyalty_config g ON g.name = 'tiers')
                        """, arguments: [.text(TierPolicy.standard.base.name)])
            })
        fields.register(
            SegmentField(name: "points", kind: .integer, summary: "Points available now (negative while in debt).") { now in
                SegmentField.SQLFragment(
                    sql: """
                        ((SELECT coalesce(sum(l.remaining), 0) FROM loyalty_lot l WHERE l.customer_id = c.id AND l.remaining > 0
                            AND l.available_at <= ? AND (l.expires_at IS NULL OR l.expires_at > ?))
                         - coalesce((SELECT a.debt FROM loyalty_account a WHERE a.customer_id = c.id), 0))
                        """, arguments: [.integer(now.millisecondsSince1970), .integer(now.millisecondsSince1970)])
            })
        fields.register(
            SegmentField(name: "pendingPoints", kind: .integer, summary: "Points earned but still in the return window.") { now in
                SegmentField.SQLFragment(
                    sql: """
                        (SELECT coalesce(sum(l.remaining), 0) FROM loyalty_lot l WHERE l.customer_id = c.id AND l.remaining > 0
                            AND l.available_at > ? AND (l.expires_at IS NULL OR l.expires_at > ?))
                        """, arguments: [.integer(now.millisecondsSince1970), .integer(now.millisecondsSince1970)])
            })
        fields.register(
            SegmentField(
                name: "pointsExpiringIn", kind: .integer,
                summary: "Whole days until the customer's next points expire (0 today); null when none will."
            ) { now in
                SegmentField.SQLFragment(
                    sql: """
                        (SELECT (min(l.expires_at) - ?) / 86400000 FROM loyalty_lot l WHERE l.customer_id = c.id AND l.remaining > 0
                            AND l.expires_at > ?)
                        """, arguments: [.integer(now.millisecondsSince1970), .integer(now.millisecondsSince1970)])
            })
    }

    private static let timelineSources: [TimelineSource] = [
        TimelineSource(kind: "points") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(LoyaltyService.entryColumns, from: "loyalty_entry", of: customerId, before: cursor, limit: limit, in: db)
                .map { row in
                    let entry = LoyaltyService.entry(row)
                    let signed = entry.points > 0 ? "+\(entry.points)" : "\(entry.points)"
                    return TimelineEntry(
                        at: entry.at, kind: "points", id: entry.id,
                        summary: "\(signed) points (\(entry.kind.rawValue))\(entry.reason.map { ": \($0)" } ?? "")",
                        data: try JSONValueEncoder().encode(entry))
                }
        },
        TimelineSource(kind: "tier") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(Self.tierChangeColumns, from: "loyalty_tier_change", of: customerId, before: cursor, limit: limit, in: db)
                .map { row in
                    let change = Self.tierChange(row)
                    return TimelineEntry(
                        at: change.at, kind: "tier", id: change.id,
                        summary: "Tier \(change.from ?? "base") → \(change.to): \(change.reason)",
                        data: try JSONValueEncoder().encode(change))
                }
        },
        TimelineSource(kind: "coupon") { customerId, cursor, limit, db in
            // A coupon appears when issued and again when used: two entries of one row, `cpn_…` and `cpn_….redeemed`.
            let (condition, arguments) = CustomersService.before(cursor)
            var all: StatementArguments = [customerId, customerId]
            _ = all.append(contentsOf: arguments)
            _ = all.append(contentsOf: [limit])
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT id, issued_at AS at, 'issued' AS event, code, offer_id, expires_at FROM loyalty_coupon WHERE customer_id = ?
                        UNION ALL
                        SELECT id || '.redeemed', redeemed_at, 'redeemed', code, offer_id, expires_at FROM loyalty_coupon
                        WHERE customer_id = ? AND redeemed_at IS NOT NULL
                    ) WHERE 1\(condition) ORDER BY at DESC, id DESC LIMIT ?
                    """, arguments: all)
            return try rows.map { row in
                let event: String = row[2]
                let code = HumanCode.grouped(row[3])
                let at = Timestamp(millisecondsSince1970: row[1])
                var data = JSONObject()
                data.append(key: "code", value: .string(code))
                data.append(key: "offerId", value: .string(row[4]))
                data.append(key: "event", value: .string(event))
                data.append(key: "expiresAt", value: try JSONValueEncoder().encode(Timestamp(millisecondsSince1970: row[5])))
                return TimelineEntry(at: at, kind: "coupon", id: row[0], summary: "Coupon \(code) \(event)", data: .object(data))
            }
        },
    ]

    static let tierChangeColumns = "id, customer_id, from_tier, to_tier, reason, qualifying, at"

    static func tierChange(_ row: Row) -> TierChange {
        TierChange(
            id: row[0], customerId: row[1], from: row[2], to: row[3], reason: row[4], qualifying: row[5],
            at: Timestamp(millisecondsSince1970: row[6]))
    }

    /// Everything loyalty holds on a customer.
    static func export(_ customerId: String, at now: Timestamp, in db: Database) throws -> JSONValue {
        var section = JSONObject()
        let account = try Ledger.account(customerId, in: db)
        section.append(key: "referralCode", value: account?.referralCode.map(JSONValue.string) ?? .null)
        section.append(key: "tier", value: account?.tier.map(JSONValue.string) ?? .null)
        section.append(key: "balance", value: try JSONValueEncoder().encode(Ledger.balance(customerId, at: now, expiringWithin: 30, in: db)))
        section.append(
            key: "ledger",
            value: try JSONValueEncoder().encode(
                Row.fetchAll(
                    db, sql: "SELECT \(LoyaltyService.entryColumns) FROM loyalty_entry WHERE customer_id = ? ORDER BY at, id",
                    arguments: [customerId]
                ).map(LoyaltyService.entry)))
        section.append(
            key: "tierChanges",
            value: try JSONValueEncoder().encode(
                Row.fetchAll(
                    db, sql: "SELECT \(tierChangeColumns) FROM loyalty_tier_change WHERE customer_id = ? ORDER BY at, id",
                    arguments: [customerId]
                ).map(tierChange)))
        section.append(key: "coupons", value: try JSONValueEncoder().encode(Coupons.coupons(of: customerId, at: now, in: db)))
        section.append(
            key: "referrals",
            value: try JSONValueEncoder().encode(
                Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Referrals.columns) FROM loyalty_referral WHERE referee_id = ?1 OR referrer_id = ?1 ORDER BY linked_at
                        """, arguments: [customerId]
                ).map(Referrals.referral)))
        section.append(
            key: "rewards",
            value: .array(
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT action, reference, entry_id, at FROM loyalty_reward_grant WHERE customer_id = ? ORDER BY at
                        """, arguments: [customerId]
                ).map { row in
                    var grant = JSONObject()
                    grant.append(key: "action", value: .string(row[0]))
                    grant.append(key: "reference", value: .string(row[1]))
                    grant.append(key: "entryId", value: .string(row[2]))
                    grant.append(key: "at", value: try JSONValueEncoder().encode(Timestamp(millisecondsSince1970: row[3])))
                    return .object(grant)
                }))
        return .object(section)
    }
}
