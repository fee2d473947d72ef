#!/usr/bin/env bash
# Before and after in one run: the same scenarios against two release binaries, alternating round
# by round, each round on fresh copies of one generated store, so that a change is judged against
# the build it replaces on this noisy 2-core machine rather than against numbers from another day.
#
#   git worktree add /tmp/before COMMIT && swift build -c release --product rapport \
#       --package-path /tmp/before --scratch-path /tmp/before-build
#   bash Benchmarks/compare.sh /tmp/before-build/release/rapport           # after: this checkout
#   ROUNDS=3 DURATION=5 CUSTOMERS=20000 bash Benchmarks/compare.sh BEFORE [AFTER]
#   PIN=0 bash Benchmarks/compare.sh BEFORE      # servers and load on CPU 0 (something else runs on 1)
#
# Scenarios: server.ping, customers.get and loyalty.balance at 50×16, durable orders.record (with
# loyalty earning) and loyalty.earn at 1×1 and 50×16. The store is made by BEFORE's `rapport demo`
# (so AFTER also migrates it, as an upgrade would). Prints every run, then the median requests/s
# of each scenario for both binaries and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: compare.sh BEFORE_BINARY [AFTER_BINARY]}
source Benchmarks/lib.sh
after=${2:-$rapport}
ROUNDS=${ROUNDS:-2}
CUSTOMERS=${CUSTOMERS:-20000}

echo "== store: $CUSTOMERS customers from $before demo"
"$before" demo --db "$work/base.sqlite" --customers "$CUSTOMERS" --seed 7 >/dev/null
python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$work/base.sqlite"

python3 - "$work" <<'PY'
import sqlite3, sys
sys.path.insert(0, "Benchmarks")
from templates import write
work = sys.argv[1]
db = sqlite3.connect(f"{work}/base.sqlite")
customers = [c for (c,) in db.execute(
    "SELECT id FROM customer WHERE erased_at IS NULL AND merged_into IS NULL ORDER BY random() LIMIT 20000")]
def lines(name, make): write(f"{work}/{name}.txt", customers, make)
lines("get", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "customers.get", "params": {"id": c}})
lines("balance", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "loyalty.balance", "params": {"customerId": c}})
lines("record", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "orders.record", "params": {"customerId": c, "externalId": "BENCH", "amount": 150000}})
lines("earn", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "loyalty.earn", "params": {"customerId": c, "points": 1, "reason": "bench"}})
PY

ping='{"jsonrpc":"2.0","id":{i},"method":"server.ping"}'
results=$work/results.txt
measure() {  # NAME BINARY
  local name=$1 binary=$2
  rm -f "$work"/r.sock "$work"/round.sqlite*
  cp "$work/base.sqlite" "$work/round.sqlite"
  "${pinned[@]}" "$binary" serve --db "$work/round.sqlite" --socket "$work/r.sock" --log-level warning &
  while [ ! -S "$work/r.sock" ]; do sleep 0.05; done
  {
    run "$name server.ping" "$work/r.sock" 50 16 -r "$ping"
    run "$name customers.get" "$work/r.sock" 50 16 --template "$work/get.txt"
    run "$name loyalty.balance" "$work/r.sock" 50 16 --template "$work/balance.txt"
    run "$name orders.record (durable)" "$work/r.sock" 1 1 --template "$work/record.txt"
    run "$name orders.record (durable)" "$work/r.sock" 50 16 --template "$work/record.txt"
    run "$name loyalty.earn (durable)" "$work/r.sock" 1 1 --template "$work/earn.txt"
    run "$name loyalty.earn (durable)" "$work/r.sock" 50 16 --template "$work/earn.txt"
  } | tee -a "$results"
  kill %%
  wait %% || true
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS"
  measure before "$before"
  measure after "$after"
done

echo "== median requests/s over $ROUNDS rounds"
python3 - "$results" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    match = re.match(r"(before|after) (.+?)\s+(\d+) x (\d+)\s+([\d,]+) req/s", line)
    if match:
        who, label, connections, inflight, rps = match.groups()
        runs.setdefault((label, f"{connections}x{inflight}"), {}).setdefault(who, []).append(float(rps.replace(",", "")))
print(f"{'scenario':<28} {'load':>6} {'before':>10} {'after':>10} {'after/before':>13}")
for (label, load), by in runs.items():
    old, new = statistics.median(by["before"]), statistics.median(by["after"])
    print(f"{label:<28} {load:>6} {old:>10,.0f} {new:>10,.0f} {new / old:>13.2f}")
PY
