#!/usr/bin/env bash
# Rapport's protocol benchmark: the release `rapport` server on a Unix socket, driven by the shared
# C load generator (../shared/bench/ndjson-bench.c), with Redis measured by the same client in the
# same run so the ratio means something on a noisy 2-core machine.
#
#   bash Benchmarks/run.sh            # everything, 10 s per scenario
#   DURATION=3 bash Benchmarks/run.sh # quicker
#   REDIS=0 bash Benchmarks/run.sh    # skip Redis
#
# Prints one line per scenario: requests/s and p50/p99 latency in microseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
REDIS=${REDIS:-1}
source Benchmarks/lib.sh

echo "== startup to first answer on an existing database"
"$rapport" call server.ping --db "$work/rapport.sqlite" >/dev/null
python3 - "$rapport" "$work" <<'PY'
import os, socket, subprocess, sys, time
rapport, work = sys.argv[1:]
samples = []
for attempt in range(10):
    path = f"{work}/start.sock"
    started = time.perf_counter()
    server = subprocess.Popen([rapport, "serve", "--db", f"{work}/rapport.sqlite", "--socket", path], stderr=subprocess.DEVNULL)
    while True:
        try:
            client = socket.socket(socket.AF_UNIX); client.connect(path); break
        except OSError:
            time.sleep(0.0005)
    client.sendall(b'{"jsonrpc":"2.0","id":1,"method":"server.ping"}\n')
    client.makefile("rb").readline()
    samples.append((time.perf_counter() - started) * 1000)
    client.close(); server.terminate(); server.wait()
samples.sort()
print(f"startup to first answer: median {samples[len(samples)//2]:.1f} ms, max {samples[-1]:.1f} ms over {len(samples)} starts")
PY

echo "== rapport (release) on a Unix socket"
"$rapport" serve --db "$work/rapport.sqlite" --socket "$work/rapport.sock" --log-level warning &
while [ ! -S "$work/rapport.sock" ]; do sleep 0.05; done
ping='{"jsonrpc":"2.0","id":{i},"method":"server.ping"}'
info='{"jsonrpc":"2.0","id":{i},"method":"server.info"}'
settings='{"jsonrpc":"2.0","id":{i},"method":"store.settings"}'
configure='{"jsonrpc":"2.0","id":{i},"method":"store.configure","params":{"name":"shop {r:1000000}"}}'
run "server.ping"                  "$work/rapport.sock" 1 1   -r "$ping"
run "server.ping"                  "$work/rapport.sock" 50 16 -r "$ping"
run "server.info"                  "$work/rapport.sock" 1 1   -r "$info"
run "server.info"                  "$work/rapport.sock" 50 16 -r "$info"
run "store.settings (SQLite read)" "$work/rapport.sock" 1 1   -r "$settings"
run "store.settings (SQLite read)" "$work/rapport.sock" 50 16 -r "$settings"
run "store.configure (durable)"    "$work/rapport.sock" 1 1   -r "$configure"
run "store.configure (durable)"    "$work/rapport.sock" 50 16 -r "$configure"
rss=$(ps -o rss= -p "$(jobs -p | tail -n 1)")
echo "server RSS after the run: $((rss / 1024)) MiB"
kill %1; wait %1 || true

if [ "$REDIS" = 1 ]; then
  if ! command -v redis-server >/dev/null; then
    echo "== redis-server not installed (apt-get install redis-server); skipping the anchor"
    exit 0
  fi
  echo "== Redis 7 anchor, same client"
  redis-server --port 0 --unixsocket "$work/redis.sock" --save "" --appendonly no --daemonize no >/dev/null &
  while [ ! -S "$work/redis.sock" ]; do sleep 0.05; done
  run "redis EXISTS"                 "$work/redis.sock" 1 1   --template "$shared/redis-exists.txt"
  run "redis EXISTS"                 "$work/redis.sock" 50 16 --template "$shared/redis-exists.txt"
  kill %2 2>/dev/null || kill "$(jobs -p | tail -n 1)"; wait || true
  redis-server --port 0 --unixsocket "$work/redis-aof.sock" --save "" --appendonly yes --appendfsync always \
    --dir "$work" --daemonize no >/dev/null &
  while [ ! -S "$work/redis-aof.sock" ]; do sleep 0.05; done
  run "redis INCR (appendfsync always)" "$work/redis-aof.sock" 50 16 --template "$shared/redis-incr.txt"
fi
