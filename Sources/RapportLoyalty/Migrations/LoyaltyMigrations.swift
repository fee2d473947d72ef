import GRDB
import RapportStorage

/// The loyalty module's schema. Frozen once released: changes are new migrations.
///
/// Points are integers and money integers of minor units; times are milliseconds since 1970 (UTC).
///
/// - `loyalty_entry` is the ledger: append-only, one row per credit or debit, never updated.
/// - `loyalty_lot` is derived state beside it: what is left of each credit (the lot), consumed
///   oldest-expiry first by debits and zeroed by expiry.
/// - `loyalty_account` caches each customer's `balance` (the sum of their entries), `debt`
///   (what a reversal took beyond the lots) and lifetime totals, plus tier and referral code.
///   The invariant `balance = Σ entries = Σ lot.remaining − debt` is checked by `loyalty.check`.
enum LoyaltyMigrations {
    static func register(in plan: inout MigrationPlan) {
        plan.register("loyalty.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE loyalty_config (
                        name TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL,
                        updated_at INTEGER NOT NULL
                    );

                    CREATE TABLE loyalty_account (
                        customer_id TEXT PRIMARY KEY NOT NULL REFERENCES customer(id),
                        balance INTEGER NOT NULL DEFAULT 0,
                        debt INTEGER NOT NULL DEFAULT 0 CHECK (debt >= 0),
                        lifetime_earned INTEGER NOT NULL DEFAULT 0,
                        lifetime_redeemed INTEGER NOT NULL DEFAULT 0,
                        lifetime_expired INTEGER NOT NULL DEFAULT 0,
                        tier TEXT,
                        tier_since INTEGER,
                        below_tier_since INTEGER,
                        referral_code TEXT UNIQUE
                    ) WITHOUT ROWID;

                    CREATE TABLE loyalty_entry (
                        id TEXT PRIMARY KEY NOT NULL,
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        kind TEXT NOT NULL,
                        points INTEGER NOT NULL,
                        at INTEGER NOT NULL,
                        available_at INTEGER,
                        expires_at INTEGER,
                        order_id TEXT,
                        reason TEXT,
                        reference TEXT,
                        actor TEXT NOT NULL
                    );
                    CREATE INDEX loyalty_entry_by_customer ON loyalty_entry(customer_id, at);
                    CREATE INDEX loyalty_entry_by_order ON loyalty_entry(order_id) WHERE order_id IS NOT NULL;

                    CREATE TABLE loyalty_lot (
                        entry_id TEXT PRIMARY KEY NOT NULL REFERENCES loyalty_entry(id),
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        remaining INTEGER NOT NULL CHECK (remaining >= 0),
                        available_at INTEGER NOT NULL,
                        expires_at INTEGER
                    ) WITHOUT ROWID;
                    CREATE INDEX loyalty_lot_by_customer ON loyalty_lot(customer_id, expires_at) WHERE remaining > 0;
                    CREATE INDEX loyalty_lot_by_expiry ON loyalty_lot(expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;

                    CREATE TABLE loyalty_tier_change (
                        id TEXT PRIMARY KEY NOT NULL,
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        from_tier TEXT,
                        to_tier TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        qualifying INTEGER NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX loyalty_tier_change_by_customer ON loyalty_tier_change(customer_id, at);

                    CREATE TABLE loyalty_reward_grant (
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        action TEXT NOT NULL,
                        reference TEXT NOT NULL,
                        entry_id TEXT NOT NULL REFERENCES loyalty_entry(id),
                        at INTEGER NOT NULL,
                        PRIMARY KEY (customer_id, action, reference)
                    ) WITHOUT ROWID;
                    CREATE INDEX loyalty_reward_grant_by_time ON loyalty_reward_grant(customer_id, action, at);

                    CREATE TABLE loyalty_referral (
                        referee_id TEXT PRIMARY KEY NOT NULL REFERENCES customer(id),
                        referrer_id TEXT NOT NULL REFERENCES customer(id),
                        code TEXT NOT NULL,
                        linked_at INTEGER NOT NULL,
                        converted_at INTEGER,
                        order_id TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX loyalty_referral_by_referrer ON loyalty_referral(referrer_id);

                    CREATE TABLE loyalty_offer (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        value INTEGER NOT NULL,
                        gift TEXT,
                        valid_days INTEGER NOT NULL,
                        tier TEXT,
                        segment_id TEXT,
                        per_customer_limit INTEGER,
                        min_order INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL
                    );

                    CREATE TABLE loyalty_coupon (
                        id TEXT PRIMARY KEY NOT NULL,
                        code TEXT NOT NULL UNIQUE,
                        offer_id TEXT NOT NULL REFERENCES loyalty_offer(id),
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        issued_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        redeemed_at INTEGER,
                        order_id TEXT,
                        discount INTEGER,
                        points INTEGER
                    );
                    CREATE INDEX loyalty_coupon_by_customer ON loyalty_coupon(customer_id, offer_id);
                    """)
        }
        // Balances, spends and expiry read a customer's open lots: an index that holds every
        // column they need answers them without one table lookup per lot.
        plan.register("loyalty.v2") { db in
            try db.execute(
                sql: """
                    DROP INDEX loyalty_lot_by_customer;
                    CREATE INDEX loyalty_lot_by_customer ON loyalty_lot(customer_id, expires_at, available_at, remaining) WHERE remaining > 0;
                    """)
        }
        // Before range checks, huge credits could overflow an account's sums into floats.
        plan.register("loyalty.v3") { db in
            try db.repairFloatsInIntegerColumns(of: [
                "loyalty_account", "loyalty_entry", "loyalty_lot", "loyalty_tier_change", "loyalty_reward_grant", "loyalty_referral",
                "loyalty_offer", "loyalty_coupon",
            ])
        }
        plan.register("loyalty.v4") { db in
            try db.execute(
                sql: """
                    CREATE VIEW \(LoyaltyViews.accounts) AS
                        SELECT customer_id, balance, debt, lifetime_earned, lifetime_redeemed, lifetime_expired, tier FROM loyalty_account;
                    CREATE VIEW \(LoyaltyViews.entries) AS
                        SELECT id, customer_id, kind, points, at, order_id, reason, reference FROM loyalty_entry;
                    CREATE VIEW \(LoyaltyViews.lots) AS
                        SELECT customer_id, remaining, available_at, expires_at FROM loyalty_lot;
                    CREATE VIEW \(LoyaltyViews.referrals) AS
                        SELECT referee_id, referrer_id, linked_at, converted_at FROM loyalty_referral;
                    """)
        }
    }
}
