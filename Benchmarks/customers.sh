#!/usr/bin/env bash
# Customers benchmark on a generated store: the release server on a Unix socket, driven by the
# shared C load generator at 1×1 and 50 connections × 16 in flight.
#
#   .build/release/rapport demo --db /tmp/bench.sqlite --customers 1000000   # once, minutes
#   bash Benchmarks/customers.sh /tmp/bench.sqlite
#
# Writes go into a copy of the store, so the generated one stays as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: customers.sh STORE.sqlite}
DURATION=${DURATION:-10}
work=$(mktemp -d /tmp/rapport-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

gcc -O2 -Wall -o "$work/ndjson-bench" ../shared/bench/ndjson-bench.c -lpthread
swift build -c release --product rapport >/dev/null
rapport=.build/release/rapport
cp "$store" "$work/store.sqlite"

# Request templates drawn from the store: 20,000 random customers.
python3 - "$work" <<'PY'
import json, random, sqlite3, sys
work = sys.argv[1]
db = sqlite3.connect(f"{work}/store.sqlite")
rows = db.execute("SELECT id, email, name FROM customer WHERE erased_at IS NULL AND merged_into IS NULL ORDER BY random() LIMIT 20000").fetchall()
def lines(name, make):
    with open(f"{work}/{name}.txt", "w") as out:
        for row in rows:
            line = make(row)
            if line: out.write(json.dumps(line, separators=(",", ":")).replace('"{i}"', "{i}").replace("BENCH", "bench-{i}-{r:1000000000}") + "\n")
lines("get-id", lambda r: {"jsonrpc": "2.0", "id": "{i}", "method": "customers.get", "params": {"id": r[0]}})
lines("get-email", lambda r: r[1] and {"jsonrpc": "2.0", "id": "{i}", "method": "customers.get", "params": {"email": r[1].upper()}})
lines("search", lambda r: r[2] and {"jsonrpc": "2.0", "id": "{i}", "method": "customers.search", "params": {"query": r[2].split()[-1][:5].lower(), "limit": 10}})
lines("record", lambda r: {"jsonrpc": "2.0", "id": "{i}", "method": "orders.record", "params": {"customerId": r[0], "externalId": "BENCH", "amount": 150000}})
print(f"{len(rows)} customers in the templates")
PY

run() {  # label, connections, in-flight, template
  local json
  json=$("$work/ndjson-bench" --unix "$work/r.sock" -c "$2" -P "$3" -d "$DURATION" -w 1 -q --template "$work/$4.txt" | tail -n 1)
  python3 - "$1" "$2" "$3" "$json" <<'PY'
import json, sys
label, connections, inflight, line = sys.argv[1:]
result = json.loads(line); lat = result.get("lat_us", {})
print(f"{label:<26} {connections:>3} x {inflight:<3} {result['rps']:>10,.0f} req/s   p50 {lat.get('p50', 0):>7.0f} us   p99 {lat.get('p99', 0):>7.0f} us   errors {result.get('errors', 0)}")
PY
}

"$rapport" serve --db "$work/store.sqlite" --socket "$work/r.sock" --log-level warning &
while [ ! -S "$work/r.sock" ]; do sleep 0.05; done
run "customers.get by id"     1 1   get-id
run "customers.get by id"     50 16 get-id
run "customers.get by email"  1 1   get-email
run "customers.get by email"  50 16 get-email
run "customers.search"        1 1   search
run "customers.search"        50 16 search
run "orders.record (durable)" 1 1   record
run "orders.record (durable)" 50 16 record
echo "server RSS: $(( $(ps -o rss= -p "$(jobs -p | tail -n 1)") / 1024 )) MiB"
kill %1; wait %1 || true

echo "== segments.preview of a 3-condition rule over the whole store"
rule='{"rule":{"all":[{"field":"daysSinceLastOrder","op":">","value":60},{"field":"orderCount","op":">=","value":2},{"field":"consent.email","op":"=","value":true}]}}'
python3 - "$rapport" "$work/store.sqlite" "$rule" <<'PY'
import json, subprocess, sys, time
rapport, store, rule = sys.argv[1:]
started = time.perf_counter()
out = subprocess.run([rapport, "call", "segments.preview", rule, "--db", store], capture_output=True, text=True, check=True).stdout
print(f"segments.preview: {(time.perf_counter() - started) * 1000:.0f} ms including process start; {json.loads(out)['count']} customers match")
PY
echo "database size: $(du -h "$store" | cut -f1) ($(du -h "$store-wal" 2>/dev/null | cut -f1 || echo 0) WAL)"
