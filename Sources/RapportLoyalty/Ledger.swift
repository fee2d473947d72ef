import GRDB
import RapportCore
import RapportStorage

/// The points ledger: entries, the lots they leave, and the cached account sums, kept in step.
///
/// Credits create a lot; debits consume lots, soonest expiry first (FIFO); what a reversal needs
/// beyond the lots becomes debt, repaid from the next available credit. Every function runs in the
/// caller's transaction.
enum Ledger {
    /// Credits `points` (> 0) as a new lot and repays debt from it once it is available.
    static func credit(
        _ kind: LedgerEntry.Kind, _ points: Int64, to customerId: String, at: Timestamp, availableAt: Timestamp? = nil,
        expiresAt: Timestamp?, orderId: String? = nil, reason: String? = nil, reference: String? = nil, in context: WriteContext
    ) throws -> LedgerEntry {
        precondition(points > 0, "a credit is positive")
        try AccountRow.ensure(customerId, in: context.db)
        let entry = LedgerEntry(
            id: context.newID("led", at: at), customerId: customerId, kind: kind, points: points, at: at,
            availableAt: availableAt ?? at, expiresAt: expiresAt, orderId: orderId, reason: reason, reference: reference,
            actor: context.actor)
        try append(entry, in: context.db)
        try LotRow.insert(
            entryId: entry.id, customerId: customerId, points: points, availableAt: availableAt ?? at, expiresAt: expiresAt, in: context.db)
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
        try AccountRow.ensure(customerId, in: db)
        var left = points
        if case .reversal(let lot?) = source {
            left -= try take(left, from: LotRow.open(lot, in: db), in: db)
        }
        left -= try take(left, from: LotRow.spendable(of: customerId, at: at, in: db), in: db)
        if case .spendable = source {
            guard left == 0 else { throw RapportError(.internal, "a spend of \(points) points found \(points - left) to take") }
        } else {
            left -= try take(left, from: LotRow.pending(of: customerId, at: at, in: db), in: db)
            if left > 0 { try AccountRow.addDebt(left, to: customerId, in: db) }
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
        let expired = try expire(LotRow.due(of: customerId, at: at, in: context.db), in: context)
        try repayDebt(of: customerId, at: at, in: context.db)
        return expired
    }

    /// Records the lapse of what is left of each lot: one `expire` entry per lot, dated at its
    /// expiry, and one update of each customer's sums.
    private static func expire(_ lots: [LotRow.Due], in context: WriteContext) throws -> [LedgerEntry] {
        guard !lots.isEmpty else { return [] }
        let db = context.db
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(lots.count)
        var expiredByCustomer: [String: Int64] = [:]
        for lot in lots {
            try LotRow.empty(lot.entryId, in: db)
            let entry = LedgerEntry(
                id: context.newID("led", at: lot.expiresAt), customerId: lot.customerId, kind: .expire, points: -lot.points,
                at: lot.expiresAt, availableAt: nil, expiresAt: nil, orderId: nil, reason: "expired", reference: lot.entryId,
                actor: context.actor)
            try EntryRow.insert(entry, in: db)
            entries.append(entry)
            expiredByCustomer[lot.customerId, default: 0] += lot.points
        }
        for (customerId, points) in expiredByCustomer {
            try AccountRow.expire(points, of: customerId, in: db)
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
        try AccountRow.withOpenLots(of: customerId, at: at, in: db) { sums, lot in
            account = sums
            guard let lot else { return }  // an account without open lots
            if lot.availableAt <= now { spendable += lot.remaining } else { pending += lot.remaining }
            if let expiresAt = lot.expiresAt, expiresAt <= horizon { expiring[expiresAt, default: 0] += lot.remaining }
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
        try EntryRow.insert(entry, in: db)
        let moved = try AccountRow.apply(
            points: entry.points, earned: entry.kind == .earn || entry.kind == .bonus ? entry.points : 0,
            redeemed: entry.kind == .redeem ? -entry.points : 0, expired: entry.kind == .expire ? -entry.points : 0,
            to: entry.customerId, maximumBalance: Points.maximumBalance, maximumLifetime: Points.maximumLifetime, in: db)
        guard moved else {
            throw RapportError(
                .limitExceeded, "\(entry.customerId)'s account would pass \(Points.maximumBalance) points", field: "points",
                details: ["limit": "maximumBalance", "max": .integer(Points.maximumBalance)])
        }
    }

    /// Takes up to `wanted` points from `lots`, in their order; returns what it took.
    private static func take(_ wanted: Int64, from lots: @autoclosure () throws -> [LotRow.Open], in db: Database) throws -> Int64 {
        guard wanted > 0 else { return 0 }
        var taken: Int64 = 0
        for lot in try lots() where taken < wanted {
            let amount = min(wanted - taken, lot.remaining)
            try LotRow.take(amount, from: lot.entryId, in: db)
            taken += amount
        }
        return taken
    }

    /// Pays the customer's debt from lots that can be spent at `at`.
    private static func repayDebt(of customerId: String, at: Timestamp, in db: Database) throws {
        let debt = try AccountRow.debt(of: customerId, in: db)
        guard debt > 0 else { return }
        let repaid = try take(debt, from: LotRow.spendable(of: customerId, at: at, in: db), in: db)
        if repaid > 0 { try AccountRow.addDebt(-repaid, to: customerId, in: db) }
    }
}
