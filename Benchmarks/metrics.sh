#!/usr/bin/env bash
# Metrics benchmark: the release server on a Unix socket.
#
#   bash Benchmarks/metrics.sh                          # a store of 1,000,000 customers, 10,000,000 orders
#   CUSTOMERS=100000 ORDERS=1000000 bash Benchmarks/metrics.sh
#   STORE=/var/tmp/metrics.sqlite bash Benchmarks/metrics.sh   # keep the generated store and reuse it
#
# 1. What keeping the aggregates costs durable orders.record: the same requests against a store
#    served without the metrics room (--modules customers,loyalty,feedback) and with it, twice
#    each, in this run, by the shared C load generator at 1×1 and 50×16 (target: at most 10%).
# 2. Generates the store with `rapport demo --customers CUSTOMERS --orders ORDERS` and times it.
# 3. Times every metric, metrics.dashboard, customers.value, a metric over a segment of about a
#    fifth of the customers (attributes.visits ≤ 7) and metrics.fit over everyone, each three
#    times one after another on one connection (targets: 1 s each, 2 s for the segment, 10 s for
#    the fit).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${CUSTOMERS:-1000000}
ORDERS=${ORDERS:-10000000}
STORE=${STORE:-}
source Benchmarks/lib.sh

# Starts a server over a fresh store holding 2,000 customers, and writes their orders.record template.
fresh_store() {
  local name=$1; shift
  "$rapport" serve --db "$work/$name.sqlite" --socket "$work/$name.sock" --log-level warning "$@" &
  while [ ! -S "$work/$name.sock" ]; do sleep 0.05; done
  python3 - "$work" "$name" <<'PY'
import json, socket, sys
sys.path.insert(0, "Benchmarks")
from templates import write
work, name = sys.argv[1:]
client = socket.socket(socket.AF_UNIX); client.connect(f"{work}/{name}.sock")
requests = b"".join(json.dumps({"jsonrpc": "2.0", "id": i, "method": "customers.create", "params": {"name": f"Buyer {i}"}}).encode() + b"\n"
                    for i in range(2000))
client.sendall(requests)
stream = client.makefile("rb")
customers = [json.loads(stream.readline())["result"]["id"] for _ in range(2000)]
write(f"{work}/{name}.txt", customers,
      lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "orders.record", "params": {"customerId": c, "externalId": "BENCH", "amount": 150000}})
PY
}

echo "== durable orders.record without and with the metrics room"
fresh_store without --modules customers,loyalty,feedback
fresh_store with
for round in 1 2; do
  run "orders.record, no metrics"   "$work/without.sock" 1 1   --template "$work/without.txt"
  run "orders.record, with metrics" "$work/with.sock"    1 1   --template "$work/with.txt"
  run "orders.record, no metrics"   "$work/without.sock" 50 16 --template "$work/without.txt"
  run "orders.record, with metrics" "$work/with.sock"    50 16 --template "$work/with.txt"
done
kill $(jobs -p); wait 2>/dev/null || true

store=${STORE:-$work/store.sqlite}
if [ -e "$store" ]; then
  echo "== the store: $store, as it is ($(du -h "$store" | cut -f1))"
else
  echo "== the store: $CUSTOMERS customers, about $ORDERS orders"
  started=$(date +%s)
  "$rapport" demo --db "$store" --customers "$CUSTOMERS" --orders "$ORDERS" --until 2026-12-01T00:00:00Z
  echo "generated in $(( $(date +%s) - started )) s; $(du -h "$store" | cut -f1) on disk"
fi
serve "$store"

python3 - "$work/r.sock" <<'PY'
import json, socket, statistics, sys, time
client = socket.socket(socket.AF_UNIX); client.connect(sys.argv[1])
stream = client.makefile("rb")
next_id = 0

def call(method, **params):
    global next_id
    next_id += 1
    client.sendall(json.dumps({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params}).encode() + b"\n")
    reply = json.loads(stream.readline())
    if "error" in reply:
        raise SystemExit(f"{method}: {reply['error']}")
    return reply["result"]

def measure(label, method, target_ms, **params):
    times = []
    for _ in range(3):
        started = time.perf_counter()
        result = call(method, **params)
        times.append((time.perf_counter() - started) * 1000)
    verdict = "ok" if max(times) < target_ms else "OVER"
    print(f"{label:<44} min {min(times):>8.1f} ms   median {statistics.median(times):>8.1f} ms   max {max(times):>8.1f} ms"
          f"   target {target_ms:>6} ms  {verdict}")
    return result

segment = call("segments.create", name="bench: visits ≤ 7", rule={"field": "attributes.visits", "op": "<=", "value": 7})["id"]
members = call("segments.preview", rule={"field": "attributes.visits", "op": "<=", "value": 7})["count"]
print(f"segment of {members} customers")
someone = call("customers.list", limit=1)["items"][0]["id"]
call("kpis.set", metric="repeat_rate", target=60)
call("kpis.set", metric="nps", target=40)

measure("metrics.nps by month", "metrics.nps", 1000, period="month")
measure("metrics.repeatRate", "metrics.repeatRate", 1000)
measure("metrics.repeatRate byDay", "metrics.repeatRate", 1000, byDay=True)
measure("metrics.averageCheck by month", "metrics.averageCheck", 1000, period="month")
measure("metrics.retention by quarter", "metrics.retention", 1000, period="quarter")
measure("metrics.retention by month", "metrics.retention", 1000, period="month")
measure("metrics.cohorts by month", "metrics.cohorts", 1000, period="month")
measure("metrics.churn", "metrics.churn", 1000)
measure("metrics.loyalty", "metrics.loyalty", 1000)
measure("metrics.redFlags", "metrics.redFlags", 1000)
measure("metrics.dashboard (month)", "metrics.dashboard", 1000)
measure("metrics.dashboard (quarter)", "metrics.dashboard", 1000, period="quarter")
measure("customers.value", "customers.value", 1000, id=someone)
measure("metrics.repeatRate, segment", "metrics.repeatRate", 2000, segmentId=segment)
measure("metrics.averageCheck by month, segment", "metrics.averageCheck", 2000, period="month", segmentId=segment)
measure("metrics.retention by quarter, segment", "metrics.retention", 2000, period="quarter", segmentId=segment)
measure("metrics.cohorts by month, segment", "metrics.cohorts", 2000, period="month", segmentId=segment)
measure("metrics.churn, segment", "metrics.churn", 2000, segmentId=segment)
measure("metrics.nps, segment", "metrics.nps", 2000, segmentId=segment)
fit = measure("metrics.fit over everyone", "metrics.fit", 10000)
print(f"  fitted {fit['customers']} customers: {json.dumps(fit['bgnbd'])}")
measure("metrics.clv, a page of 100", "metrics.clv", 1000, limit=100)
measure("metrics.clv, one customer", "metrics.clv", 1000, customerId=someone)
PY
