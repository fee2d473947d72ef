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
            try EntryRow.timeline(of: customerId, before: cursor, limit: limit, in: db)
                .map { entry in
                    let signed = entry.points > 0 ? "+\(entry.points)" : "\(entry.points)"
                    return TimelineEntry(
                        at: entry.at, kind: "points", id: entry.id,
                        summary: "\(signed) points (\(entry.kind.rawValue))\(entry.reason.map { ": \($0)" } ?? "")",
                        data: try JSONValueEncoder().encode(entry))
                }
        },
        TimelineSource(kind: "tier") { customerId, cursor, limit, db in
            try TierChangeRow.timeline(of: customerId, before: cursor, limit: limit, in: db)
                .map { change in
                    TimelineEntry(
                        at: change.at, kind: "tier", id: change.id,
                        summary: "Tier \(change.from ?? "base") → \(change.to): \(change.reason)",
                        data: try JSONValueEncoder().encode(change))
                }
        },
        TimelineSource(kind: "coupon") { customerId, cursor, limit, db in
            // A coupon appears when issued and again when used: `cpn_…` and `cpn_….redeemed`.
            try CouponRow.events(of: customerId, before: cursor, limit: limit, in: db).map { event in
                var data = JSONObject()
                data.append(key: "code", value: .string(event.code))
                data.append(key: "offerId", value: .string(event.offerId))
                data.append(key: "event", value: .string(event.event))
                data.append(key: "expiresAt", value: try JSONValueEncoder().encode(event.expiresAt))
                return TimelineEntry(at: event.at, kind: "coupon", id: event.id, summary: "Coupon \(event.code) \(event.event)", data: .object(data))
            }
        },
    ]

    /// Everything loyalty holds on a customer.
    static func export(_ customerId: String, at now: Timestamp, in db: Database) throws -> JSONValue {
        var section = JSONObject()
        let account = try AccountRow.account(customerId, in: db)
        section.append(key: "referralCode", value: account?.referralCode.map(JSONValue.string) ?? .null)
        section.append(key: "tier", value: account?.tier.map(JSONValue.string) ?? .null)
        section.append(key: "balance", value: try JSONValueEncoder().encode(Ledger.balance(customerId, at: now, expiringWithin: 30, in: db)))
        let encoder = JSONValueEncoder()
        section.append(key: "ledger", value: try encoder.encode(EntryRow.all(of: customerId, in: db)))
        section.append(key: "tierChanges", value: try encoder.encode(TierChangeRow.all(of: customerId, newestFirst: false, in: db)))
        section.append(key: "coupons", value: try encoder.encode(CouponRow.all(of: customerId, at: now, in: db)))
        section.append(key: "referrals", value: try encoder.encode(ReferralRow.all(involving: customerId, in: db)))
        section.append(
            key: "rewards",
            value: .array(
                try RewardGrantRow.all(of: customerId, in: db).map { grant in
                    var object = JSONObject()
                    object.append(key: "action", value: .string(grant.action))
                    object.append(key: "reference", value: .string(grant.reference))
                    object.append(key: "entryId", value: .string(grant.entryId))
                    object.append(key: "at", value: try encoder.encode(grant.at))
                    return .object(object)
                }))
        return .object(section)
    }
}
