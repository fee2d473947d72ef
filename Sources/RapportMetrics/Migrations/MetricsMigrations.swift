import GRDB
import RapportStorage

/// The metrics module's schema: aggregates kept in step with every order, refund, merge and
/// ledger entry (in their transactions), so that a metric reads thousands of rows, not ten
/// million orders. `metrics.rebuild` recomputes them from the other modules' views.
///
/// Days are local days of the aggregates' time zone (days since 1970-01-01); money is minor
/// units; `revenue_squares` (a float) sums each order's squared net amount for variances.
///
/// - `metrics_customer_day`: a customer's orders, net revenue and ledger entries on one day.
/// - `metrics_customer`: the same over the customer's life, with their first and last order day
///   and the first day's revenue (BG/NBD's summary).
/// - `metrics_day`: the store's orders and revenue per day.
/// - `metrics_period`: per month, quarter and year, customers active, new (first order in it)
///   and retained (active in it and the one before).
/// - `metrics_cohort`: per cohort (month or quarter of the first order) and offset, customers active.
enum MetricsMigrations {
    static func register(in plan: inout MigrationPlan, service: MetricsService) {
        plan.register("metrics.v1") { db in
            try db.execute(sql: ModuleSettings.createTableSQL("metrics_config"))
            try db.execute(
                sql: """
                    CREATE TABLE metrics_customer (
                        customer_id TEXT PRIMARY KEY NOT NULL,
                        orders INTEGER NOT NULL DEFAULT 0,
                        revenue INTEGER NOT NULL DEFAULT 0,
                        entries INTEGER NOT NULL DEFAULT 0,
                        days INTEGER NOT NULL DEFAULT 0,
                        first_day INTEGER,
                        last_day INTEGER,
                        first_day_revenue INTEGER NOT NULL DEFAULT 0
                    ) WITHOUT ROWID;

                    CREATE TABLE metrics_customer_day (
                        customer_id TEXT NOT NULL,
                        day INTEGER NOT NULL,
                        orders INTEGER NOT NULL DEFAULT 0,
                        revenue INTEGER NOT NULL DEFAULT 0,
                        entries INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (customer_id, day)
                    ) WITHOUT ROWID;
                    CREATE INDEX metrics_customer_day_by_day ON metrics_customer_day(day, customer_id);

                    CREATE TABLE metrics_day (
                        day INTEGER PRIMARY KEY NOT NULL,
                        orders INTEGER NOT NULL DEFAULT 0,
                        revenue INTEGER NOT NULL DEFAULT 0,
                        revenue_squares REAL NOT NULL DEFAULT 0
                    );

                    CREATE TABLE metrics_period (
                        kind TEXT NOT NULL,
                        period INTEGER NOT NULL,
                        active INTEGER NOT NULL DEFAULT 0,
                        new_customers INTEGER NOT NULL DEFAULT 0,
                        retained INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (kind, period)
                    ) WITHOUT ROWID;

                    CREATE TABLE metrics_cohort (
                        kind TEXT NOT NULL,
                        cohort INTEGER NOT NULL,
                        offset INTEGER NOT NULL,
                        customers INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (kind, cohort, offset)
                    ) WITHOUT ROWID;

                    CREATE TABLE metrics_kpi (
                        metric TEXT PRIMARY KEY NOT NULL,
                        target REAL NOT NULL,
                        updated_at INTEGER NOT NULL
                    ) WITHOUT ROWID;

                    CREATE TABLE metrics_fit (
                        id INTEGER PRIMARY KEY,
                        observation_end INTEGER NOT NULL,
                        segment_id TEXT,
                        fit TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    """)
            try service.countEveryone(in: db)
        }
    }
}
