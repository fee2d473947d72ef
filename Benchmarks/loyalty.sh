#!/usr/bin/env bash
# Loyalty benchmark on a generated store (`rapport demo`, whose orders earned points): the release
# server on a Unix socket, driven by the shared C load generator.
#
#   .build/release/rapport demo --db /tmp/bench.sqlite --customers 1000000   # once, about 75 minutes
#   bash Benchmarks/loyalty.sh /tmp/bench.sqlite
#
# Measures loyalty.balance, loyalty.redeem and orders.record with earning at 1×1 and 50×16, then
# times loyalty.expire and tiers.evaluate over the whole store while a 1×1 client keeps writing
# (its max latency is how long the job blocked other writers). Works on a copy of the store.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: loyalty.sh STORE.sqlite}
source Benchmarks/lib.sh
copy_store "$store" "$work/store.sqlite"

python3 - "$work" <<'PY'
import sqlite3, sys
sys.path.insert(0, "Benchmarks")
from templates import write
work = sys.argv[1]
db = sqlite3.connect(f"{work}/store.sqlite")
accounts = [customer for (customer,) in db.execute("""
    SELECT a.customer_id FROM loyalty_account a JOIN customer c ON c.id = a.customer_id
    WHERE c.erased_at IS NULL AND c.merged_into IS NULL AND a.balance >= 50 ORDER BY random() LIMIT 20000""")]
def lines(name, make): write(f"{work}/{name}.txt", accounts, make)
lines("balance", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "loyalty.balance", "params": {"customerId": c}})
lines("redeem", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "loyalty.redeem", "params": {"customerId": c, "points": 1}})
lines("record", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "orders.record", "params": {"customerId": c, "externalId": "BENCH", "amount": 150000}})
lines("earn", lambda c: {"jsonrpc": "2.0", "id": 1, "method": "loyalty.earn", "params": {"customerId": c, "points": 1, "reason": "probe"}})
print(f"{len(accounts)} accounts with points in the templates")
PY

serve "$work/store.sqlite"
run "loyalty.balance"                 "$work/r.sock" 1 1   --template "$work/balance.txt"
run "loyalty.balance"                 "$work/r.sock" 50 16 --template "$work/balance.txt"
run "loyalty.redeem (durable)"        "$work/r.sock" 1 1   --template "$work/redeem.txt" --error-substr '"error"'
run "loyalty.redeem (durable)"        "$work/r.sock" 50 16 --template "$work/redeem.txt" --error-substr '"error"'
run "orders.record + earning"         "$work/r.sock" 1 1   --template "$work/record.txt"
run "orders.record + earning"         "$work/r.sock" 50 16 --template "$work/record.txt"

# A long job, timed, beside a client that writes one request at a time: its worst latency is how
# long the job held the writer.
job() {  # label, request
  python3 - "$1" "$2" "$work/r.sock" "$work/earn.txt" <<'PY'
import json, socket, sys, threading, time
label, request, path, probes = sys.argv[1:]
def call(client, line):
    client.sendall(line.encode() + b"\n")
    reply = b""
    while not reply.endswith(b"\n"): reply += client.recv(1 << 20)
    return json.loads(reply)
done = threading.Event()
latencies = []
def probe():
    client = socket.socket(socket.AF_UNIX); client.connect(path)
    lines = [l.replace("{i}", str(n)) for n, l in enumerate(open(probes).read().split("\n")[:2000]) if l]
    n = 0
    while not done.is_set():
        started = time.perf_counter()
        call(client, lines[n % len(lines)])
        latencies.append(time.perf_counter() - started)
        n += 1
thread = threading.Thread(target=probe); thread.start()
time.sleep(0.5)
client = socket.socket(socket.AF_UNIX); client.connect(path)
started = time.perf_counter()
reply = call(client, request)
elapsed = time.perf_counter() - started
done.set(); thread.join()
latencies.sort()
print(f"{label}: {elapsed:.1f} s  {reply.get('result', reply)}")
print(f"  writes beside it, one at a time: {len(latencies)}, p50 {latencies[len(latencies) // 2] * 1e3:.1f} ms, "
      f"p99 {latencies[int(len(latencies) * 0.99)] * 1e3:.1f} ms, max {latencies[-1] * 1e3:.1f} ms")
PY
}
later() { python3 -c "import datetime, sys; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=int(sys.argv[1]))).strftime('%Y-%m-%dT%H:%M:%SZ'))" "$1"; }
# The scheduled run (a day's lots), then a catch-up after half a year without one.
job "loyalty.expire (the next day)" '{"jsonrpc":"2.0","id":1,"method":"loyalty.expire","params":{"at":"'"$(later 1)"'"}}'
job "loyalty.expire (half a year on)" '{"jsonrpc":"2.0","id":1,"method":"loyalty.expire","params":{"at":"'"$(later 183)"'"}}'
job "tiers.evaluate (half a year on)" '{"jsonrpc":"2.0","id":1,"method":"tiers.evaluate","params":{"at":"'"$(later 183)"'"}}'
echo "server RSS: $(( $(ps -o rss= -p "$(jobs -p | head -n 1)") / 1024 )) MiB"
echo "database size: $(du -h "$work/store.sqlite" | cut -f1)"
