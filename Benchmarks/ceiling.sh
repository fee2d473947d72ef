#!/usr/bin/env bash
# The most durable orders (with earning), redemptions and expired lots per second that SQLite
# itself can write on this machine, with no Rapport code in the way: Benchmarks/sqlite-ceiling.c
# on a store of the benchmark's shape (1,000,000 customers, 5 orders and 5 point lots each; built
# once, minutes). The expiry catch-up runs on a copy, since it uses the due lots up, and for as
# long as the others; it reports the time the whole catch-up would take at its rate.
#
#   bash Benchmarks/ceiling.sh /tmp/ceiling.sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: ceiling.sh STORE.sqlite}
binary=$(mktemp /tmp/sqlite-ceiling.XXXXXX)
trap 'rm -f "$binary" "$store.expiry"*' EXIT
gcc -O2 -Wall -o "$binary" Benchmarks/sqlite-ceiling.c -lsqlite3 -lpthread
[ -e "$store" ] || "$binary" fill "$store" "${CUSTOMERS:-1000000}"
for batch in 1024 4096; do
  echo "orders.record rows, $batch a commit: $("$binary" orders "$store" "${DURATION:-20}" "$batch")"
  echo "orders.record rows without loyalty, $batch a commit: $("$binary" plain-orders "$store" "${DURATION:-20}" "$batch")"
  echo "loyalty.redeem rows, $batch a commit: $("$binary" redeem "$store" "${DURATION:-20}" "$batch")"
done
python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$store"
cp "$store" "$store.expiry"
echo "loyalty.expire rows, half a year due at once: $("$binary" expire "$store.expiry" 183 "${DURATION:-20}")"
