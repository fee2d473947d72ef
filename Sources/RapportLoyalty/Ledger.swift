import GRDB
public import RapportCore
public import RapportJSON
import RapportStorage

/// One entry of the points ledger: append-only, never updated.
public struct LedgerEntry: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    public var customerId: String
    public var kind: Kind
    /// Positive for a credit, negative for a debit.
    public var points: Int64
    public var at: Timestamp
    /// For a credit: when its points can be spent (after the return window).
    public var availableAt: Timestamp?
    /// For a credit: when what is left of it expires; null: never.
    public var expiresAt: Timestamp?
    public var orderId: String?
    public var reason: String?
    /// What the entry is about: a reward rule, a referral, a coupon, a merge.
    public var reference: String?
    /// Who caused it: `stdio`, `uid:501 pid:8812`, `embedded`.
    public var actor: String

    public init(
        id: String, customerId: String, kind: Kind, points: Int64, at: Timestamp, availableAt: Timestamp?, expiresAt: Timestamp?,
        orderId: String?, reason: String?, reference: String?, actor: String
    ) {
        self.id = id
        self.customerId = customerId
        self.kind = kind
        self.points = points
        self.at = at
        self.availableAt = availableAt
        self.expiresAt = expiresAt
        self.orderId = orderId
        self.reason = reason
        self.reference = reference
        self.actor = actor
    }

    /// What kind of movement an entry is.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// Points for an order.
        case earn
        /// Points for something else: a reward, a referral, a coupon, a manual credit.
        case bonus
        /// Points spent.
        case redeem
        /// A refund's reversal of earned points (negative), or the return of points spent on a refunded order (positive).
        case reverse
        /// Points that lapsed.
        case expire
        /// A correction by an operator, or a transfer between merged customers.
        case adjust
    }

    public static let fieldDescriptions = [
        "id": "The entry's id (`led_…`).",
        "customerId": "Whose points.",
        "kind": "earn, bonus, redeem, reverse, expire or adjust.",
        "points": "Positive for a credit, negative for a debit.",
        "at": "When it happened.",
        "availableAt": "For a credit: when its points can be spent.",
        "expiresAt": "For a credit: when what is left of it expires; null: never.",
        "orderId": "The order it belongs to, if any.",
        "reason": "Why, in words.",
        "reference": "What it is about: a reward (`reward:review_submitted:rev_…`), a referral, a coupon, a merge.",
        "actor": "Who caused it.",
    ]
}

/// A customer's points at a moment.
public struct PointsBalance: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var customerId: String
    /// Points that can be spent now; negative while a reversal's debt is unpaid.
    public var available: Int64
    /// Points earned but still in the return window.
    public var pending: Int64
    /// Points a reversal took beyond what was left; repaid from the next credits.
    public var debt: Int64
    /// The sum of every ledger entry (points past expiry count until `loyalty.expire` records them).
    public var balance: Int64
    public var lifetimeEarned: Int64
    public var lifetimeRedeemed: Int64
    public var lifetimeExpired: Int64
    /// Points that expire within the window asked for, by expiry time, soonest first.
    public var expiringSoon: [ExpiringPoints]
    /// The time the balance is for.
    public var at: Timestamp

    public init(
        customerId: String, available: Int64, pending: Int64, debt: Int64, balance: Int64, lifetimeEarned: Int64,
        lifetimeRedeemed: Int64, lifetimeExpired: Int64, expiringSoon: [ExpiringPoints], at: Timestamp
    ) {
        self.customerId = customerId
        self.available = available
        self.pending = pending
        self.debt = debt
        self.balance = balance
        self.lifetimeEarned = lifetimeEarned
        self.lifetimeRedeemed = lifetimeRedeemed
        self.lifetimeExpired = lifetimeExpired
        self.expiringSoon = expiringSoon
        self.at = at
    }

    public struct ExpiringPoints: Codable, Sendable, Hashable {
        public var points: Int64
        public var at: Timestamp

        public init(points: Int64, at: Timestamp) {
            self.points = points
            self.at = at
        }
    }

    public static let fieldDescriptions = [
        "customerId": "Whose points.",
        "available": "Points that can be spent now; negative while a reversal's debt is unpaid.",
        "pending": "Points earned but still in the return window.",
        "debt": "Points a refund reversal took beyond what was left; repaid from the next credits, and redemption is refused until then.",
        "balance": "The sum of every ledger entry (points past expiry count until loyalty.expire records them).",
        "lifetimeEarned": "All points ever earned or granted (earn and bonus entries).",
        "lifetimeRedeemed": "All points ever spent.",
        "lifetimeExpired": "All points that ever lapsed.",
        "expiringSoon": "`[{points, at}]`: points that expire within the window asked for, soonest first.",
        "at": "The time the balance is for.",
    ]
}

/// A customer's loyalty account row: the cached sums and the tier.
struct LoyaltyAccount {
    var balance: Int64 = 0
    var debt: Int64 = 0
    var lifetimeEarned: Int64 = 0
    var lifetimeRedeemed: Int64 = 0
    var lifetimeExpired: Int64 = 0
    var tier: String?
    var tierSince: Timestamp?
    var belowTierSince: Timestamp?
    var referralCode: String?
}

/// The points ledger: entries, the lots they leave, and the cached account sums, kept in step.
///
/// Credits create a lot; debits consume lots, soonest expiry first (FIFO); what a reversal needs
/// beyond the lots becomes debt, repaid from the next available credit. Every function runs in the
/// caller's transaction.
enum Ledger {
    /// Lots whose points can be spent at `?2`, in the order they are consumed.
    private static let spendableLots = """
        SELECT entry_id, remaining FROM loyalty_lot
        WHERE customer_id = ?1 AND remaining > 0 AND available_at <= ?2 AND (expires_at IS NULL OR expires_at > ?2)
        ORDER BY expires_at IS NULL, expires_at, available_at, entry_id
        """
    /// Lots still in their return window at `?2`, soonest available first.
    private static let pendingLots = """
        SELECT entry_id, remaining FROM loyalty_lot
        WHERE customer_id = ?1 AND remaining > 0 AND available_at > ?2 AND (expires_at IS NULL OR expires_at > ?2)
        ORDER BY available_at, entry_id
        """

    static func account(_ customerId: String, in db: Database) throws -> LoyaltyAccount? {
        try db.cachedStatement(
            sql: """
                SELECT balance, debt, lifetime_earned, lifetime_redeemed, lifetime_expired, tier, tier_since, below_tier_since, referral_code
                FROM loyalty_account WHERE customer_id = ?
                """
        ).fetchFirst(customerId) { row in
            try LoyaltyAccount(
                balance: row.int64(0), debt: row.int64(1), lifetimeEarned: row.int64(2), lifetimeRedeemed: row.int64(3),
                lifetimeExpired: row.int64(4), tier: row.optionalText(5), tierSince: row.optionalInt64(6).map(Timestamp.init(millisecondsSince1970:)),
                belowTierSince: row.optionalInt64(7).map(Timestamp.init(millisecondsSince1970:)), referralCode: row.optionalText(8))
        }
    }

    static func ensureAccount(_ customerId: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO loyalty_account (customer_id) VALUES (?) ON CONFLICT DO NOTHING")
            .execute(arguments: [customerId])
    }

    /// Credits `points` (> 0) as a new lot and repays debt from it once it is available.
    static func credit(
        _ kind: LedgerEntry.Kind, _ points: Int64, to customerId: String, at: Timestamp, availableAt: Timestamp? = nil,
        expiresAt: Timestamp?, orderId: String? = nil, reason: String? = nil, reference: String? = nil, in context: WriteContext
    ) throws -> LedgerEntry {
        precondition(points > 0, "a credit is positive")
        try ensureAccount(customerId, in: context.db)
        let entry = LedgerEntry(
            id: context.newID("led", at: at), customerId: customerId, kind: kind, points: points, at: at,
            availableAt: availableAt ?? at, expiresAt: expiresAt, orderId: orderId, reason: reason, reference: reference,
            actor: context.actor)
        try append(entry, in: context.db)
        try context.db.cachedStatement(
            sql: "INSERT INTO loyalty_lot (entry_id, customer_id, remaining, available_at, expires_at) VALUES (?, ?, ?, ?, ?)"
        )
        .execute(arguments: [entry.id, customerId, points, (availableAt ?? at).millisecondsSince1970, expiresAt?.millisecondsSince1970])
        try repayDebt(of: customerId, at: at, in: context.db)
        return entry
    }

    /// Where a debit takes its points from.
    enum DebitSource {
        /// Only points that can be spent now; the caller checked there are enough.
        case spendable
        /// This order's own lot first (even pending), then spendable lots, then pending ones, then debt.
        case reversal(ofLot: String?)
        /// Spendable lots, then pending ones, then debt.
        case anything
    }

    /// Debits `points` (> 0) from the customer's lots as `source` says.
    static func debit(
        _ kind: LedgerEntry.Kind, _ points: Int64, from customerId: String, at: Timestamp, source: DebitSource,
        orderId: String? = nil, reason: String? = nil, reference: String? = nil, in context: WriteContext
    ) throws -> LedgerEntry {
        precondition(points > 0, "a debit is given as a positive number of points")
        let db = context.db
        try ensureAccount(customerId, in: db)
        var left = points
        if case .reversal(let lot?) = source {
            left -= try take(left, sql: "SELECT entry_id, remaining FROM loyalty_lot WHERE entry_id = ?1 AND remaining > 0", [lot], in: db)
        }
        left -= try take(left, sql: spendableLots, [customerId, at.millisecondsSince1970], in: db)
        if case .spendable = source {
            guard left == 0 else { throw RapportError(.internal, "a spend of \(points) points found \(points - left) to take") }
        } else {
            left -= try take(left, sql: pendingLots, [customerId, at.millisecondsSince1970], in: db)
            if left > 0 {
                try db.cachedStatement(sql: "UPDATE loyalty_account SET debt = debt + ? WHERE customer_id = ?").execute(arguments: [left, customerId])
            }
        }
        let entry = LedgerEntry(
            id: context.newID("led", at: at), customerId: customerId, kind: kind, points: -points, at: at, availableAt: nil,
            expiresAt: nil, orderId: orderId, reason: reason, reference: reference, actor: context.actor)
        try append(entry, in: db)
        return entry
    }

    /// Expires the customer's lots due by `at` (one `expire` entry per lot) and repays debt from
    /// what can be spent; returns the expiry entries.
    @discardableResult
    static func settle(_ customerId: String, at: Timestamp, in context: WriteContext) throws -> [LedgerEntry] {
        let due = try Row.fetchAll(
            context.db.cachedStatement(
                sql: """
                    SELECT entry_id, customer_id, remaining, expires_at FROM loyalty_lot
                    WHERE customer_id = ? AND remaining > 0 AND expires_at <= ? ORDER BY expires_at, entry_id
                    """), arguments: [customerId, at.millisecondsSince1970])
        let expired = try expire(due.map(DueLot.init), in: context)
        try repayDebt(of: customerId, at: at, in: context.db)
        return expired
    }

    /// A lot past its expiry with points left: `entry_id, customer_id, remaining, expires_at`.
    struct DueLot {
        var lot: String
        var customerId: String
        var points: Int64
        var expiresAt: Timestamp

        init(_ row: Row) {
            lot = row[0]
            customerId = row[1]
            points = row[2]
            expiresAt = Timestamp(millisecondsSince1970: row[3])
        }
    }

    /// Records the lapse of what is left of each lot: one `expire` entry per lot, dated at its
    /// expiry, and one update of each customer's sums.
    private static func expire(_ lots: [DueLot], in context: WriteContext) throws -> [LedgerEntry] {
        guard !lots.isEmpty else { return [] }
        let db = context.db
        let zero = try db.cachedStatement(sql: "UPDATE loyalty_lot SET remaining = 0 WHERE entry_id = ?")
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(lots.count)
        var expiredByCustomer: [String: Int64] = [:]
        for lot in lots {
            try zero.execute(arguments: [lot.lot])
            let entry = LedgerEntry(
                id: context.newID("led", at: lot.expiresAt), customerId: lot.customerId, kind: .expire, points: -lot.points,
                at: lot.expiresAt, availableAt: nil, expiresAt: nil, orderId: nil, reason: "expired", reference: lot.lot,
                actor: context.actor)
            try insert(entry, in: db)
            entries.append(entry)
            expiredByCustomer[lot.customerId, default: 0] += lot.points
        }
        let update = try db.cachedStatement(
            sql: """
                UPDATE loyalty_account SET balance = balance - ?1, lifetime_expired = lifetime_expired + ?1 WHERE customer_id = ?2
                """)
        for (customerId, points) in expiredByCustomer {
            try update.execute(arguments: [points, customerId])
        }
        return entries
    }

    /// Carries `points` of balance from a merged duplicate to the customer it was merged into,
    /// whose lots were moved already: one entry out, one in.
    static func transfer(_ points: Int64, from: String, to: String, at: Timestamp, in context: WriteContext) throws {
        for (customerId, signed, reason) in [(from, -points, "merged into \(to)"), (to, points, "merged from \(from)")] {
            try append(
                LedgerEntry(
                    id: context.newID("led", at: at), customerId: customerId, kind: .adjust, points: signed, at: at, availableAt: nil,
                    expiresAt: nil, orderId: nil, reason: reason, reference: "merge:\(from)", actor: context.actor), in: context.db)
        }
    }

    /// Points the customer can spend at `at`, before debt.
    static func spendable(_ customerId: String, at: Timestamp, in db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT coalesce(sum(remaining), 0) FROM loyalty_lot
                    WHERE customer_id = ?1 AND remaining > 0 AND available_at <= ?2 AND (expires_at IS NULL OR expires_at > ?2)
                    """), arguments: [customerId, at.millisecondsSince1970]) ?? 0
    }

    /// The customer's balance at `at`, with what expires within `expiringWithin` days.
    ///
    /// One statement reads the account with its open lots: every lot has an account (credits and
    /// merges create it first), and a customer without one has nothing.
    static func balance(_ customerId: String, at: Timestamp, expiringWithin days: Int64, in db: Database) throws -> PointsBalance {
        var account = LoyaltyAccount()
        let now = at.millisecondsSince1970
        var spendable: Int64 = 0
        var pending: Int64 = 0
        var expiring: [Int64: Int64] = [:]
        let horizon = at.adding(days: days).millisecondsSince1970
        try db.cachedStatement(
            sql: """
                SELECT a.balance, a.debt, a.lifetime_earned, a.lifetime_redeemed, a.lifetime_expired, l.remaining, l.available_at, l.expires_at
                FROM loyalty_account a LEFT JOIN loyalty_lot l
                    ON l.customer_id = a.customer_id AND l.remaining > 0 AND (l.expires_at IS NULL OR l.expires_at > ?2)
                WHERE a.customer_id = ?1
                """
        ).forEachRow(customerId, now) { row in
            account.balance = try row.int64(0)
            account.debt = try row.int64(1)
            account.lifetimeEarned = try row.int64(2)
            account.lifetimeRedeemed = try row.int64(3)
            account.lifetimeExpired = try row.int64(4)
            guard let remaining = try row.optionalInt64(5) else { return }  // an account without open lots
            if try row.int64(6) <= now { spendable += remaining } else { pending += remaining }
            if let expiresAt = try row.optionalInt64(7), expiresAt <= horizon { expiring[expiresAt, default: 0] += remaining }
        }
        return PointsBalance(
            customerId: customerId, available: spendable - account.debt, pending: pending, debt: account.debt, balance: account.balance,
            lifetimeEarned: account.lifetimeEarned, lifetimeRedeemed: account.lifetimeRedeemed, lifetimeExpired: account.lifetimeExpired,
            expiringSoon: expiring.sorted { $0.key < $1.key }.map {
                PointsBalance.ExpiringPoints(points: $0.value, at: Timestamp(millisecondsSince1970: $0.key))
            },
            at: at)
    }

    /// Writes an entry and moves the account's cached sums with it; the account exists.
    ///
    /// The sums stay within ``Points/maximumBalance`` and ``Points/maximumLifetime``: an entry
    /// that would pass them is refused with `limit_exceeded`, so SQLite never turns a sum into a
    /// float on overflow.
    private static func append(_ entry: LedgerEntry, in db: Database) throws {
        try insert(entry, in: db)
        let earned = entry.kind == .earn || entry.kind == .bonus ? entry.points : 0
        let redeemed = entry.kind == .redeem ? -entry.points : 0
        let expired = entry.kind == .expire ? -entry.points : 0
        try db.cachedStatement(
            sql: """
                UPDATE loyalty_account SET balance = balance + ?1, lifetime_earned = lifetime_earned + ?2,
                    lifetime_redeemed = lifetime_redeemed + ?3, lifetime_expired = lifetime_expired + ?4
                WHERE customer_id = ?5 AND balance + ?1 BETWEEN -?6 AND ?6
                    AND lifetime_earned + ?2 <= ?7 AND lifetime_redeemed + ?3 <= ?7 AND lifetime_expired + ?4 <= ?7
                """
        ).execute(arguments: [entry.points, earned, redeemed, expired, entry.customerId, Points.maximumBalance, Points.maximumLifetime])
        guard db.changesCount == 1 else {
            throw RapportError(
                .limitExceeded, "\(entry.customerId)'s account would pass \(Points.maximumBalance) points", field: "points",
                details: ["limit": "maximumBalance", "max": .integer(Points.maximumBalance)])
        }
    }

    /// Writes an entry row only; the caller moves the account's sums.
    private static func insert(_ entry: LedgerEntry, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO loyalty_entry (id, customer_id, kind, points, at, available_at, expires_at, order_id, reason, reference, actor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            entry.id, entry.customerId, entry.kind.rawValue, entry.points, entry.at.millisecondsSince1970,
            entry.availableAt?.millisecondsSince1970, entry.expiresAt?.millisecondsSince1970, entry.orderId, entry.reason,
            entry.reference, entry.actor,
        ])
    }

    /// Takes up to `wanted` points from the lots `sql` lists, in its order; returns what it took.
    private static func take(_ wanted: Int64, sql: String, _ arguments: StatementArguments, in db: Database) throws -> Int64 {
        guard wanted > 0 else { return 0 }
        var taken: Int64 = 0
        let lots = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        let update = try db.cachedStatement(sql: "UPDATE loyalty_lot SET remaining = remaining - ? WHERE entry_id = ?")
        for lot in lots where taken < wanted {
            let amount = min(wanted - taken, lot[1] as Int64)
            try update.execute(arguments: [amount, lot[0] as String])
            taken += amount
        }
        return taken
    }

    /// Pays the customer's debt from lots that can be spent at `at`.
    private static func repayDebt(of customerId: String, at: Timestamp, in db: Database) throws {
        let debt = try Int64.fetchOne(db.cachedStatement(sql: "SELECT debt FROM loyalty_account WHERE customer_id = ?"), arguments: [customerId]) ?? 0
        guard debt > 0 else { return }
        let repaid = try take(debt, sql: spendableLots, [customerId, at.millisecondsSince1970], in: db)
        if repaid > 0 {
            try db.cachedStatement(sql: "UPDATE loyalty_account SET debt = debt - ? WHERE customer_id = ?").execute(arguments: [repaid, customerId])
        }
    }
}
