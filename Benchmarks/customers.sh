#!/usr/bin/env bash
# Customers benchmark on a generated store: the release server on a Unix socket, driven by the
# shared C load generator at 1×1 and 50 connections × 16 in flight.
#
#   .build/release/rapport demo --db /tmp/bench.sqlite --customers 1000000   # once, about 75 minutes
#   bash Benchmarks/customers.sh /tmp/bench.sqlite
#
# Writes go into a copy of the store, so the generated one stays as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: customers.sh STORE.sqlite}
source Benchmarks/lib.sh
copy_store "$store" "$work/store.sqlite"

# Request templates drawn from the store: 20,000 random customers.
python3 - "$work" <<'PY'
import sqlite3, sys
sys.path.insert(0, "Benchmarks")
from templates import write
work = sys.argv[1]
db = sqlite3.connect(f"{work}/store.sqlite")
rows = db.execute("SELECT id, email, name FROM customer WHERE erased_at IS NULL AND merged_into IS NULL ORDER BY random() LIMIT 20000").fetchall()
def lines(name, make): write(f"{work}/{name}.txt", rows, make)
lines("get-id", lambda r: {"jsonrpc": "2.0", "id": "{i}", "method": "customers.get", "params": {"id": r[0]}})
lines("get-email", lambda r: r[1] and {"jsonrpc": "2.0", "id": "{i}", "method": "customers.get", "params": {"email": r[1].upper()}})
lines("search", lambda r: r[2] and {"jsonrpc": "2.0", "id": "{i}", "method": "customers.search", "params": {"query": r[2].split()[-1][:5].lower(), "limit": 10}})
lines("record", lambda r: {"jsonrpc": "2.0", "id": "{i}", "method": "orders.record", "params": {"customerId": r[0], "externalId": "BENCH", "amount": 150000}})
print(f"{len(rows)} customers in the templates")
PY

serve "$work/store.sqlite"
run "customers.get by id" "$work/r.sock" 1 1 --template "$work/get-id.txt"
run "customers.get by id" "$work/r.sock" 50 16 --template "$work/get-id.txt"
run "customers.get by email" "$work/r.sock" 1 1 --template "$work/get-email.txt"
run "customers.get by email" "$work/r.sock" 50 16 --template "$work/get-email.txt"
run "customers.search" "$work/r.sock" 1 1 --template "$work/search.txt"
run "customers.search" "$work/r.sock" 50 16 --template "$work/search.txt"
run "orders.record (durable)" "$work/r.sock" 1 1 --template "$work/record.txt"
run "orders.record (durable)" "$work/r.sock" 50 16 --template "$work/record.txt"
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
