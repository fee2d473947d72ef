import GRDB
import RapportStorage

/// The customers module's schema. Frozen once released: changes are new migrations.
///
/// Money columns are integers of minor units and times are integers of milliseconds since 1970
/// (UTC). A customer row also keeps the aggregates of its orders (`order_count`, `total_spent`,
/// `first_order_at`, `last_order_at`), maintained in the same transaction as each order and
/// refund, so that segments filter on indexed columns instead of aggregating orders per query.
/// `customer_search` is an FTS5 trigram index of name, email, phone and external id whose rowid
/// is the customer's rowid: substring search in milliseconds over a million customers.
enum CustomersMigrations {
    static func register(in plan: inout MigrationPlan) {
        plan.register("customers.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE customer (
                        id TEXT PRIMARY KEY NOT NULL,
                        external_id TEXT UNIQUE,
                        name TEXT,
                        email TEXT,
                        email_key TEXT UNIQUE,
                        phone TEXT UNIQUE,
                        birthday TEXT,
                        birth_month INTEGER,
                        birth_day INTEGER,
                        locale TEXT,
                        tags TEXT NOT NULL DEFAULT '[]',
                        attributes TEXT NOT NULL DEFAULT '{}',
                        consent TEXT NOT NULL DEFAULT '{}',
                        source TEXT NOT NULL DEFAULT 'organic',
                        referral_code TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        erased_at INTEGER,
                        merged_into TEXT REFERENCES customer(id),
                        order_count INTEGER NOT NULL DEFAULT 0,
                        total_spent INTEGER NOT NULL DEFAULT 0,
                        first_order_at INTEGER,
                        last_order_at INTEGER
                    );
                    CREATE INDEX customer_by_created ON customer(created_at, id);
                    CREATE INDEX customer_by_source ON customer(source);
                    CREATE INDEX customer_by_last_order ON customer(last_order_at);
                    CREATE INDEX customer_by_birthday ON customer(birth_month, birth_day);

                    CREATE TABLE customer_tag (
                        tag TEXT NOT NULL,
                        customer_id TEXT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
                        PRIMARY KEY (tag, customer_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX customer_tag_by_customer ON customer_tag(customer_id);

                    CREATE VIRTUAL TABLE customer_search USING fts5(text, tokenize='trigram');

                    CREATE TABLE "order" (
                        id TEXT PRIMARY KEY NOT NULL,
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        external_id TEXT NOT NULL UNIQUE,
                        amount INTEGER NOT NULL CHECK (amount >= 0),
                        refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
                        channel TEXT,
                        at INTEGER NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX order_by_customer ON "order"(customer_id, at);
                    CREATE INDEX order_by_time ON "order"(at);

                    CREATE TABLE order_item (
                        order_id TEXT NOT NULL REFERENCES "order"(id),
                        position INTEGER NOT NULL,
                        sku TEXT NOT NULL,
                        category TEXT,
                        quantity INTEGER NOT NULL CHECK (quantity > 0),
                        unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
                        PRIMARY KEY (order_id, position)
                    ) WITHOUT ROWID;
                    CREATE INDEX order_item_by_sku ON order_item(sku);

                    CREATE TABLE refund (
                        id TEXT PRIMARY KEY NOT NULL,
                        order_id TEXT NOT NULL REFERENCES "order"(id),
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        amount INTEGER NOT NULL CHECK (amount > 0),
                        reason TEXT,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX refund_by_order ON refund(order_id);
                    CREATE INDEX refund_by_customer ON refund(customer_id, at);

                    CREATE TABLE interaction (
                        id TEXT PRIMARY KEY NOT NULL,
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        channel TEXT NOT NULL,
                        direction TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        cost INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX interaction_by_customer ON interaction(customer_id, at);

                    CREATE TABLE cart (
                        customer_id TEXT PRIMARY KEY NOT NULL REFERENCES customer(id),
                        items TEXT NOT NULL,
                        total INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX cart_by_update ON cart(updated_at);

                    CREATE TABLE cart_event (
                        id TEXT PRIMARY KEY NOT NULL,
                        customer_id TEXT NOT NULL REFERENCES customer(id),
                        kind TEXT NOT NULL,
                        items TEXT NOT NULL,
                        total INTEGER NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX cart_event_by_customer ON cart_event(customer_id, at);

                    CREATE TABLE segment (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL UNIQUE,
                        rule TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );

                    CREATE TABLE erasure (
                        customer_id TEXT PRIMARY KEY NOT NULL REFERENCES customer(id),
                        at INTEGER NOT NULL,
                        actor TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        // What a customer spent in a window (tier qualification on every order, tiers.evaluate,
        // tiers.status) sums amount minus refunded over the customer's orders: with both in the
        // index the sum reads one index page instead of one table page per order, which on a
        // store of millions of orders is a disk read each.
        plan.register("customers.v2") { db in
            try db.execute(
                sql: """
                    DROP INDEX order_by_customer;
                    CREATE INDEX order_by_customer ON "order"(customer_id, at, amount, refunded);
                    """)
        }
        // Before range checks, two huge orders could overflow a customer's total into a float
        // that every later read of the customer failed on.
        plan.register("customers.v3") { db in
            try db.repairFloatsInIntegerColumns(of: ["customer", "order", "order_item", "refund", "interaction", "cart", "cart_event"])
        }
        // What other modules may read of customers (DESIGN §1): read-only views, frozen once
        // released like every migration; a change is a new view (`_v2`) beside the old one.
        // Simple views, so SQLite reads them through the tables' own indexes.
        plan.register("customers.v4") { db in
            try db.execute(
                sql: """
                    CREATE VIEW \(CustomersViews.orders) AS
                        SELECT id, customer_id, external_id, amount, refunded, channel, at FROM "order";
                    CREATE VIEW \(CustomersViews.customers) AS
                        SELECT id, external_id, source, created_at, order_count, total_spent, first_order_at, last_order_at, erased_at, merged_into
                        FROM customer;
                    """)
        }
        plan.register("customers.v5") { db in
            try db.execute(
                sql: """
                    CREATE VIEW \(CustomersViews.interactions) AS
                        SELECT id, customer_id, channel, direction, kind, cost, at FROM interaction;
                    """)
        }
    }
}
