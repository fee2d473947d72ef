// The ceiling SQLite itself puts on durable writes on this machine: the rows an `orders.record`
// with earning (or a `loyalty.redeem`) must touch, written straight through the C API with
// prepared statements, group commit and the server's settings (WAL, synchronous=FULL, 256 MiB
// cache, 2 GiB map), on a store of the benchmark's shape. No JSON, no Swift, no GRDB, no
// sockets: whatever Rapport reaches, it cannot go above this.
//
//   gcc -O2 -o sqlite-ceiling Benchmarks/sqlite-ceiling.c -lsqlite3 -lpthread
//   ./sqlite-ceiling fill /tmp/ceiling.sqlite 1000000      # 1M customers, 5 orders and lots each
//   ./sqlite-ceiling orders /tmp/ceiling.sqlite 10 1024    # seconds, orders per transaction
//   ./sqlite-ceiling plain-orders /tmp/ceiling.sqlite 10 1024   # the same without a loyalty program
//   ./sqlite-ceiling redeem /tmp/ceiling.sqlite 10 1024
//   ./sqlite-ceiling expire /tmp/ceiling.sqlite 183 30     # half a year of lots due at once, 30 s of it
//
// Prints one line: requests/s and CPU microseconds per request (user + system, both threads).
// One writing thread, as SQLite has one writer; like the server, a second thread copies the log
// back into the file with a PASSIVE checkpoint ten times a second, and the writer checkpoints
// itself only when that falls 100,000 pages (400 MB) behind.

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static sqlite3 *db;

static void check(int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(const char *sql) {
    char *error = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
        fprintf(stderr, "%s\n%s\n", error, sql);
        exit(1);
    }
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement;
    check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL), sql);
    return statement;
}

// Runs a prepared statement to its end and resets it; returns the first column of the first row.
static int64_t run(sqlite3_stmt *statement) {
    int64_t first = 0;
    int rc, row = 0;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        if (row++ == 0) first = sqlite3_column_int64(statement, 0);
    }
    check(rc, sqlite3_sql(statement));
    sqlite3_reset(statement);
    return first;
}

static void text(sqlite3_stmt *statement, int index, const char *value) {
    sqlite3_bind_text(statement, index, value, -1, SQLITE_TRANSIENT);
}

static uint64_t state = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void) {  // splitmix64
    uint64_t z = (state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

// Ids the way Rapport makes them: a prefix, then a time-ordered 26-character body.
static void make_id(char *out, const char *prefix, uint64_t sequence) {
    sprintf(out, "%s_%026llu", prefix, (unsigned long long)sequence);
}

static const char *schema =
    "CREATE TABLE customer (id TEXT PRIMARY KEY NOT NULL, external_id TEXT UNIQUE, name TEXT, email TEXT, email_key TEXT UNIQUE,"
    " phone TEXT UNIQUE, created_at INTEGER NOT NULL, erased_at INTEGER, merged_into TEXT, order_count INTEGER NOT NULL DEFAULT 0,"
    " total_spent INTEGER NOT NULL DEFAULT 0, first_order_at INTEGER, last_order_at INTEGER);"
    "CREATE INDEX customer_by_created ON customer(created_at, id);"
    "CREATE INDEX customer_by_last_order ON customer(last_order_at);"
    "CREATE TABLE \"order\" (id TEXT PRIMARY KEY NOT NULL, customer_id TEXT NOT NULL, external_id TEXT NOT NULL UNIQUE,"
    " amount INTEGER NOT NULL, refunded INTEGER NOT NULL DEFAULT 0, channel TEXT, at INTEGER NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE INDEX order_by_customer ON \"order\"(customer_id, at, amount, refunded);"
    "CREATE INDEX order_by_time ON \"order\"(at);"
    "CREATE TABLE loyalty_account (customer_id TEXT PRIMARY KEY NOT NULL, balance INTEGER NOT NULL DEFAULT 0,"
    " debt INTEGER NOT NULL DEFAULT 0, lifetime_earned INTEGER NOT NULL DEFAULT 0, lifetime_redeemed INTEGER NOT NULL DEFAULT 0,"
    " tier TEXT) WITHOUT ROWID;"
    "CREATE TABLE loyalty_entry (id TEXT PRIMARY KEY NOT NULL, customer_id TEXT NOT NULL, kind TEXT NOT NULL, points INTEGER NOT NULL,"
    " at INTEGER NOT NULL, available_at INTEGER, expires_at INTEGER, order_id TEXT, reason TEXT, actor TEXT NOT NULL);"
    "CREATE INDEX loyalty_entry_by_customer ON loyalty_entry(customer_id, at);"
    "CREATE INDEX loyalty_entry_by_order ON loyalty_entry(order_id) WHERE order_id IS NOT NULL;"
    "CREATE TABLE loyalty_lot (entry_id TEXT PRIMARY KEY NOT NULL, customer_id TEXT NOT NULL, remaining INTEGER NOT NULL,"
    " available_at INTEGER NOT NULL, expires_at INTEGER) WITHOUT ROWID;"
    "CREATE INDEX loyalty_lot_by_customer ON loyalty_lot(customer_id, expires_at, available_at, remaining) WHERE remaining > 0;"
    "CREATE INDEX loyalty_lot_by_expiry ON loyalty_lot(expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;"
    "CREATE TABLE rapport_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    " method TEXT NOT NULL, target TEXT, idempotency_key TEXT);"
    "CREATE INDEX rapport_audit_on_target ON rapport_audit(target);";

static const int64_t day = 86400000;
static const int64_t now = 1764547200000;  // 2025-12-01

static void fill(int64_t customers) {
    exec(schema);
    exec("BEGIN");
    sqlite3_stmt *customer = prepare("INSERT INTO customer (id, external_id, name, email, email_key, created_at, order_count, total_spent,"
                                     " first_order_at, last_order_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5, 5, ?6, ?7, ?8)");
    sqlite3_stmt *order = prepare("INSERT INTO \"order\" (id, customer_id, external_id, amount, at, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *account = prepare("INSERT INTO loyalty_account (customer_id, balance, lifetime_earned) VALUES (?, ?, ?)");
    sqlite3_stmt *entry = prepare("INSERT INTO loyalty_entry (id, customer_id, kind, points, at, available_at, expires_at, order_id, reason, actor)"
                                  " VALUES (?1, ?2, 'earn', ?3, ?4, ?4, ?5, ?6, 'order', 'demo')");
    sqlite3_stmt *lot = prepare("INSERT INTO loyalty_lot (entry_id, customer_id, remaining, available_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    char id[64], other[64], buffer[128];
    uint64_t sequence = 0;
    for (int64_t c = 0; c < customers; c++) {
        char customer_id[64];
        make_id(customer_id, "cus", next_random() >> 12);
        int64_t created = now - 365 * day + (int64_t)(next_random() % (180 * day));
        int64_t at = created, spent = 0;
        for (int o = 0; o < 5; o++) {
            at += day + (int64_t)(next_random() % (30 * day));
            int64_t amount = 10000 + (int64_t)(next_random() % 300000);
            spent += amount;
            make_id(id, "ord", (uint64_t)at * 1000 + sequence++ % 1000);
            sprintf(other, "demo-%lld-%d", (long long)c, o);
            text(order, 1, id); text(order, 2, customer_id); text(order, 3, other);
            sqlite3_bind_int64(order, 4, amount); sqlite3_bind_int64(order, 5, at); sqlite3_bind_int64(order, 6, at);
            run(order);
            make_id(other, "led", (uint64_t)at * 1000 + sequence++ % 1000);
            text(entry, 1, other); text(entry, 2, customer_id); sqlite3_bind_int64(entry, 3, amount / 1000);
            sqlite3_bind_int64(entry, 4, at); sqlite3_bind_int64(entry, 5, at + 365 * day); text(entry, 6, id);
            run(entry);
            text(lot, 1, other); text(lot, 2, customer_id); sqlite3_bind_int64(lot, 3, amount / 1000);
            sqlite3_bind_int64(lot, 4, at); sqlite3_bind_int64(lot, 5, at + 365 * day);
            run(lot);
        }
        text(customer, 1, customer_id);
        sprintf(buffer, "demo-%lld", (long long)c); text(customer, 2, buffer);
        text(customer, 3, "Anna Ivanova");
        sprintf(buffer, "anna.ivanova.%lld@example.com", (long long)c); text(customer, 4, buffer);
        sqlite3_bind_int64(customer, 5, created); sqlite3_bind_int64(customer, 6, spent);
        sqlite3_bind_int64(customer, 7, created + day); sqlite3_bind_int64(customer, 8, at);
        run(customer);
        text(account, 1, customer_id); sqlite3_bind_int64(account, 2, spent / 1000); sqlite3_bind_int64(account, 3, spent / 1000);
        run(account);
        if (c % 100000 == 99999) { exec("COMMIT; BEGIN"); fprintf(stderr, "%lld customers\n", (long long)c + 1); }
    }
    exec("COMMIT");
}

static double cpu_seconds(int system) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    struct timeval t = system ? usage.ru_stime : usage.ru_utime;
    return t.tv_sec + t.tv_usec / 1e6;
}

static double wall_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

// The customer ids of the store, so requests can pick one at random.
static char (*customer_ids)[40];
static int64_t customer_count;

static void load_customers(void) {
    customer_count = run(prepare("SELECT count(*) FROM customer"));
    customer_ids = malloc((size_t)customer_count * sizeof *customer_ids);
    sqlite3_stmt *all = prepare("SELECT id FROM customer");
    int64_t i = 0;
    while (sqlite3_step(all) == SQLITE_ROW && i < customer_count) {
        snprintf(customer_ids[i++], sizeof *customer_ids, "%s", (const char *)sqlite3_column_text(all, 0));
    }
    sqlite3_finalize(all);
}

// The statements of the requests below, prepared once by start_writing.
static sqlite3_stmt *known_order, *active_customer, *insert_order, *update_customer, *due_lots, *account, *insert_entry,
    *insert_lot, *update_account, *qualifying, *audit, *spendable_lots, *take_lot, *expire_lot, *insert_expiry, *expire_account;
static uint64_t sequence;  // makes ids and external ids unique: starts at the clock, so runs never collide

// The customers module's rows of a new order of `amount` for a random customer: the idempotency
// lookup, the active-customer check, the order and the customer's aggregates. Returns the
// customer; fills in the order's id, its sequence number and time.
static const char *write_order(int64_t amount, char *order_id, uint64_t *serial, int64_t *at) {
    const char *customer = customer_ids[next_random() % (uint64_t)customer_count];
    char external[64];
    *serial = sequence++;
    *at = now + (int64_t)(*serial % day);
    make_id(order_id, "ord", *serial);
    sprintf(external, "bench-%llu-%llu", (unsigned long long)*serial, (unsigned long long)(next_random() % 1000000000));
    text(known_order, 1, external); run(known_order);
    text(active_customer, 1, customer); run(active_customer);
    text(insert_order, 1, order_id); text(insert_order, 2, customer); text(insert_order, 3, external);
    sqlite3_bind_int64(insert_order, 4, amount); sqlite3_bind_int64(insert_order, 5, *at); run(insert_order);
    text(update_customer, 3, customer); sqlite3_bind_int64(update_customer, 1, amount); sqlite3_bind_int64(update_customer, 2, *at);
    run(update_customer);
    return customer;
}

static void write_audit(int64_t at, const char *method, const char *target) {
    sqlite3_bind_int64(audit, 1, at); text(audit, 2, method); text(audit, 3, target); run(audit);
}

// What `orders.record` of a new order must do when the loyalty program earns on it.
static void record_order(void) {
    char order_id[64], entry_id[64];
    uint64_t serial;
    int64_t at, amount = 150000;
    const char *customer = write_order(amount, order_id, &serial, &at);
    make_id(entry_id, "led", serial);
    text(due_lots, 1, customer); sqlite3_bind_int64(due_lots, 2, at); run(due_lots);
    text(account, 1, customer); run(account);
    text(insert_entry, 1, entry_id); text(insert_entry, 2, customer); sqlite3_bind_int64(insert_entry, 3, amount / 1000);
    sqlite3_bind_int64(insert_entry, 4, at); sqlite3_bind_int64(insert_entry, 5, at + 365 * day); text(insert_entry, 6, order_id);
    run(insert_entry);
    text(insert_lot, 1, entry_id); text(insert_lot, 2, customer); sqlite3_bind_int64(insert_lot, 3, amount / 1000);
    sqlite3_bind_int64(insert_lot, 4, at + 14 * day); sqlite3_bind_int64(insert_lot, 5, at + 365 * day); run(insert_lot);
    sqlite3_bind_int64(update_account, 1, amount / 1000); text(update_account, 2, customer); run(update_account);
    text(qualifying, 1, customer); sqlite3_bind_int64(qualifying, 2, at - 365 * day); run(qualifying);
    write_audit(at, "orders.record", order_id);
}

// What `orders.record` must do without a loyalty program: the customers module's rows alone.
static void record_plain_order(void) {
    char order_id[64];
    uint64_t serial;
    int64_t at;
    write_order(150000, order_id, &serial, &at);
    write_audit(at, "orders.record", order_id);
}

// What `loyalty.redeem` of one point must do.
static void redeem(void) {
    const char *customer = customer_ids[next_random() % (uint64_t)customer_count];
    char entry_id[64];
    int64_t at = now + (int64_t)(sequence % day);
    make_id(entry_id, "led", sequence);
    sequence++;
    text(due_lots, 1, customer); sqlite3_bind_int64(due_lots, 2, at); run(due_lots);
    text(account, 1, customer); run(account);
    text(spendable_lots, 1, customer); sqlite3_bind_int64(spendable_lots, 2, at);
    char lot[64] = "";
    if (sqlite3_step(spendable_lots) == SQLITE_ROW) snprintf(lot, sizeof lot, "%s", (const char *)sqlite3_column_text(spendable_lots, 0));
    sqlite3_reset(spendable_lots);
    if (!lot[0]) return;
    text(take_lot, 1, lot); run(take_lot);
    text(insert_entry, 1, entry_id); text(insert_entry, 2, customer); sqlite3_bind_int64(insert_entry, 3, -1);
    sqlite3_bind_int64(insert_entry, 4, at); sqlite3_bind_null(insert_entry, 5); sqlite3_bind_null(insert_entry, 6);
    run(insert_entry);
    sqlite3_bind_int64(update_account, 1, -1); text(update_account, 2, customer); run(update_account);
    write_audit(at, "loyalty.redeem", customer);
}

static atomic_bool measuring = true;

static void *checkpoint_loop(void *path) {
    sqlite3 *connection;
    if (sqlite3_open(path, &connection) != SQLITE_OK) return NULL;
    sqlite3_busy_timeout(connection, 1);
    while (atomic_load(&measuring)) {
        sqlite3_wal_checkpoint_v2(connection, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL);
    }
    sqlite3_close(connection);
    return NULL;
}

static pthread_t checkpointer;
static sqlite3_stmt *savepoint, *release, *begin, *commit;

// Sets the server's pragmas, starts the checkpointer and prepares every statement.
static void start_writing(const char *path) {
    exec("PRAGMA synchronous = FULL; PRAGMA cache_size = -262144; PRAGMA mmap_size = 2147483648; PRAGMA journal_size_limit = 1073741824;"
         " PRAGMA wal_autocheckpoint = 100000");
    pthread_create(&checkpointer, NULL, checkpoint_loop, (void *)path);
    known_order = prepare("SELECT id FROM \"order\" WHERE external_id = ?");
    active_customer = prepare("SELECT order_count FROM customer WHERE id = ? AND erased_at IS NULL AND merged_into IS NULL");
    insert_order = prepare("INSERT INTO \"order\" (id, customer_id, external_id, amount, at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
    update_customer = prepare("UPDATE customer SET order_count = order_count + 1, total_spent = total_spent + ?1,"
                              " first_order_at = min(coalesce(first_order_at, ?2), ?2), last_order_at = max(coalesce(last_order_at, ?2), ?2) WHERE id = ?3");
    due_lots = prepare("SELECT entry_id, remaining FROM loyalty_lot WHERE customer_id = ? AND remaining > 0 AND expires_at <= ?");
    account = prepare("SELECT balance, debt, tier FROM loyalty_account WHERE customer_id = ?");
    insert_entry = prepare("INSERT INTO loyalty_entry (id, customer_id, kind, points, at, available_at, expires_at, order_id, reason, actor)"
                           " VALUES (?1, ?2, 'earn', ?3, ?4, ?4, ?5, ?6, 'order', 'bench')");
    insert_lot = prepare("INSERT INTO loyalty_lot (entry_id, customer_id, remaining, available_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    update_account = prepare("UPDATE loyalty_account SET balance = balance + ?1, lifetime_earned = lifetime_earned + max(?1, 0) WHERE customer_id = ?2");
    qualifying = prepare("SELECT coalesce(sum(amount - refunded), 0) FROM \"order\" WHERE customer_id = ? AND at >= ?");
    audit = prepare("INSERT INTO rapport_audit (at, actor, method, target) VALUES (?, 'bench', ?, ?)");
    spendable_lots = prepare("SELECT entry_id FROM loyalty_lot WHERE customer_id = ?1 AND remaining > 0 AND available_at <= ?2"
                             " AND (expires_at IS NULL OR expires_at > ?2) ORDER BY expires_at LIMIT 1");
    take_lot = prepare("UPDATE loyalty_lot SET remaining = remaining - 1 WHERE entry_id = ?");
    expire_lot = prepare("UPDATE loyalty_lot SET remaining = 0 WHERE entry_id = ?");
    insert_expiry = prepare("INSERT INTO loyalty_entry (id, customer_id, kind, points, at, reason, actor)"
                            " VALUES (?1, ?2, 'expire', ?3, ?4, 'expired', 'bench')");
    expire_account = prepare("UPDATE loyalty_account SET balance = balance - ?1 WHERE customer_id = ?2");
    savepoint = prepare("SAVEPOINT request");
    release = prepare("RELEASE request");
    begin = prepare("BEGIN IMMEDIATE");
    commit = prepare("COMMIT");
}

static void stop_writing(void) {
    atomic_store(&measuring, false);
    pthread_join(checkpointer, NULL);
}

static void measure(const char *path, void (*request)(void), double seconds, int batch) {
    start_writing(path);
    load_customers();
    struct timespec clock;
    clock_gettime(CLOCK_REALTIME, &clock);
    sequence = (uint64_t)clock.tv_sec * 1000000 + (uint64_t)clock.tv_nsec / 1000;
    double started = wall_seconds(), user = cpu_seconds(0), system = cpu_seconds(1);
    int64_t requests = 0, commits = 0;
    while (wall_seconds() - started < seconds) {
        run(begin);
        for (int i = 0; i < batch; i++) {
            run(savepoint);
            request();
            run(release);
        }
        run(commit);
        requests += batch;
        commits++;
    }
    double elapsed = wall_seconds() - started;
    stop_writing();
    user = (cpu_seconds(0) - user) * 1e6 / (double)requests;
    system = (cpu_seconds(1) - system) * 1e6 / (double)requests;
    printf("%.0f requests/s, CPU per request %.1f us (user %.1f, system %.1f), %lld commits of %d in %.1f s\n", requests / elapsed,
           user + system, user, system, (long long)commits, batch, elapsed);
}

// What `loyalty.expire` must do when `days` of lots fall due at once (a catch-up): customers in
// id order, 200 a transaction as the server does; each due lot is zeroed and gets an `expire`
// entry dated at its expiry, and the account loses the points. Runs for `seconds` at most, then
// reports lots per second, the time all due lots would take at that rate, and the longest step:
// how long other writers would wait.
static void expire(const char *path, int days, double seconds) {
    const int step = 200;
    start_writing(path);
    int64_t until = now + days * day, lots = 0, customers = 0;
    sqlite3_stmt *count = prepare("SELECT count(*) FROM loyalty_lot WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?");
    sqlite3_bind_int64(count, 1, until);
    int64_t due_lots = run(count);
    sqlite3_stmt *owners = prepare("SELECT DISTINCT customer_id FROM loyalty_lot WHERE remaining > 0 AND expires_at <= ?1 AND customer_id > ?2"
                                   " ORDER BY customer_id LIMIT ?3");
    sqlite3_stmt *due = prepare("SELECT entry_id, remaining, expires_at FROM loyalty_lot WHERE customer_id = ? AND remaining > 0 AND expires_at <= ?"
                                " ORDER BY expires_at, entry_id");
    char last[64] = "", batch[200][40];
    double started = wall_seconds(), longest = 0;
    uint64_t serial = 0;
    while (wall_seconds() - started < seconds) {
        double step_started = wall_seconds();
        run(begin);
        sqlite3_bind_int64(owners, 1, until); text(owners, 2, last); sqlite3_bind_int(owners, 3, step);
        int found = 0;
        while (sqlite3_step(owners) == SQLITE_ROW) snprintf(batch[found++], sizeof batch[0], "%s", (const char *)sqlite3_column_text(owners, 0));
        sqlite3_reset(owners);
        for (int c = 0; c < found; c++) {
            run(savepoint);
            int64_t points = 0;
            text(due, 1, batch[c]); sqlite3_bind_int64(due, 2, until);
            while (sqlite3_step(due) == SQLITE_ROW) {
                char lot[64], entry[64];
                snprintf(lot, sizeof lot, "%s", (const char *)sqlite3_column_text(due, 0));
                int64_t remaining = sqlite3_column_int64(due, 1), expires_at = sqlite3_column_int64(due, 2);
                text(expire_lot, 1, lot); run(expire_lot);
                make_id(entry, "led", (uint64_t)expires_at * 1000 + serial++ % 1000);
                text(insert_expiry, 1, entry); text(insert_expiry, 2, batch[c]); sqlite3_bind_int64(insert_expiry, 3, -remaining);
                sqlite3_bind_int64(insert_expiry, 4, expires_at); run(insert_expiry);
                points += remaining;
                lots++;
            }
            sqlite3_reset(due);
            sqlite3_bind_int64(expire_account, 1, points); text(expire_account, 2, batch[c]); run(expire_account);
            run(release);
        }
        run(commit);
        customers += found;
        if (found > 0) snprintf(last, sizeof last, "%s", batch[found - 1]);
        double took = wall_seconds() - step_started;
        if (took > longest) longest = took;
        if (found < step) break;
    }
    double elapsed = wall_seconds() - started;
    stop_writing();
    printf("%lld lots of %lld customers in %.1f s: %.0f lots/s, so the %lld due lots would take %.0f s; longest step of %d customers %.0f ms\n",
           (long long)lots, (long long)customers, elapsed, lots / elapsed, (long long)due_lots, due_lots / (lots / elapsed), step, longest * 1000);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s fill STORE CUSTOMERS | orders|plain-orders|redeem STORE SECONDS BATCH"
                        " | expire STORE DAYS_AHEAD SECONDS\n", argv[0]);
        return 2;
    }
    check(sqlite3_open(argv[2], &db), argv[2]);
    exec("PRAGMA journal_mode = WAL");
    if (strcmp(argv[1], "fill") == 0 && argc == 4) {
        exec("PRAGMA synchronous = OFF; PRAGMA cache_size = -2097152");
        fill(atoll(argv[3]));
    } else if (strcmp(argv[1], "orders") == 0 && argc == 5) {
        measure(argv[2], record_order, atof(argv[3]), atoi(argv[4]));
    } else if (strcmp(argv[1], "plain-orders") == 0 && argc == 5) {
        measure(argv[2], record_plain_order, atof(argv[3]), atoi(argv[4]));
    } else if (strcmp(argv[1], "redeem") == 0 && argc == 5) {
        measure(argv[2], redeem, atof(argv[3]), atoi(argv[4]));
    } else if (strcmp(argv[1], "expire") == 0 && argc == 5) {
        expire(argv[2], atoi(argv[3]), atof(argv[4]));
    } else {
        fprintf(stderr, "unknown command\n");
        return 2;
    }
    sqlite3_close(db);
    return 0;
}
