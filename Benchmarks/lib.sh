# Shared by the benchmark scripts: a scratch directory, the load generator, the release server,
# and `run`, which drives one scenario and prints one line. Source it from a script that has
# `cd`-ed to the package root.
#
#   run LABEL SOCKET CONNECTIONS IN_FLIGHT [ndjson-bench request options…]
#
# Prints requests/s, p50/p99/max latency in microseconds and the error count.
#
# PIN=CPULIST runs the load generator (and, through `pinned`, the servers) on those CPUs only,
# for a machine where something else is running: `PIN=0` leaves CPU 1 to the other work.
DURATION=${DURATION:-10}
pinned=()
if [ -n "${PIN:-}" ]; then pinned=(taskset -c "$PIN"); fi
work=$(mktemp -d /tmp/rapport-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

shared=../shared/bench
gcc -O2 -Wall -o "$work/ndjson-bench" "$shared/ndjson-bench.c" -lpthread
# SCRATCH: another build directory (swift build --scratch-path) for the release build.
scratch=${SCRATCH:-.build}
swift build -c release --product rapport --scratch-path "$scratch" >/dev/null
rapport=$scratch/release/rapport

run() {
  local label=$1 socket=$2 connections=$3 inflight=$4; shift 4
  local json
  # A fresh seed per run: with the generator's fixed default, every run would draw the same
  # {r:N} values, so orders.record would replay the previous run's external ids (idempotent
  # answers, no writes) and report replays as durable writes.
  json=$("${pinned[@]}" "$work/ndjson-bench" --unix "$socket" -c "$connections" -P "$inflight" -d "$DURATION" -w 1 -q \
    --seed "$(date +%s%N)" "$@" | tail -n 1)
  python3 - "$label" "$connections" "$inflight" "$json" <<'PY'
import json, sys
label, connections, inflight, line = sys.argv[1:]
result = json.loads(line)
lat = result.get("lat_us", {})
print(f"{label:<34} {connections:>3} x {inflight:<3} {result['rps']:>10,.0f} req/s   p50 {lat.get('p50', 0):>7.0f} us"
      f"   p99 {lat.get('p99', 0):>7.0f} us   max {lat.get('max', 0):>8.0f} us   errors {result.get('errors', 0)}")
PY
}

# Copies STORE to DESTINATION after folding its write-ahead log into it, so the copy is whole.
copy_store() {
  python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$1"
  cp "$1" "$2"
}

# Starts the release server on $work/r.sock over STORE and waits for its socket.
serve() {
  "${pinned[@]}" "$rapport" serve --db "$1" --socket "$work/r.sock" --log-level warning &
  while [ ! -S "$work/r.sock" ]; do sleep 0.05; done
}
