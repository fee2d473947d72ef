#!/usr/bin/env bash
# Feedback benchmark: the release server on a Unix socket, driven by the shared C load generator.
#
#   bash Benchmarks/feedback.sh            # about 10 minutes: a store of 1,000,000 reviews and answers
#   REVIEWS=100000 bash Benchmarks/feedback.sh
#
# 1. Group-committed writes at 1×1 and 50×16: durable loyalty.earn (the reference), nps.submit
#    and reviews.record, in the same run; the target is feedback writes ≥ 0.8× loyalty.earn.
# 2. Fills the store with REVIEWS reviews (a third negative, so the inbox holds hundreds of
#    thousands) through reviews.import, and REVIEWS responses to one survey through
#    surveys.respond, then measures feedback.inbox (first page of 20, 1×1, p99 target 10 ms) and
#    surveys.results of that survey (target 100 ms) over the filled store.
set -euo pipefail
cd "$(dirname "$0")/.."
REVIEWS=${REVIEWS:-1000000}
source Benchmarks/lib.sh

"$rapport" demo --db "$work/store.sqlite" --customers 2000 >/dev/null 2>&1
serve "$work/store.sqlite"

python3 - "$work" <<'PY'
import json, socket, sqlite3, sys
sys.path.insert(0, "Benchmarks")
from templates import write
work = sys.argv[1]
db = sqlite3.connect(f"{work}/store.sqlite")
customers = [c for (c,) in db.execute("SELECT id FROM customer WHERE erased_at IS NULL AND merged_into IS NULL ORDER BY id")]
def lines(name, make): write(f"{work}/{name}.txt", customers, make)
lines("earn", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "loyalty.earn", "params": {"customerId": c, "points": 1, "reason": "probe"}})
lines("nps", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "nps.submit", "params": {"customerId": c, "score": 9, "channel": "bot"}})
lines("review", lambda c: {"jsonrpc": "2.0", "id": "{i}", "method": "reviews.record",
                           "params": {"source": "google", "externalId": "BENCH", "rating": 5, "text": "Lovely", "customerId": c}})
PY

run "loyalty.earn (durable)"   "$work/r.sock" 1 1   --template "$work/earn.txt"
run "nps.submit (durable)"     "$work/r.sock" 1 1   --template "$work/nps.txt"
run "reviews.record (durable)" "$work/r.sock" 1 1   --template "$work/review.txt"
run "loyalty.earn (durable)"   "$work/r.sock" 50 16 --template "$work/earn.txt"
run "nps.submit (durable)"     "$work/r.sock" 50 16 --template "$work/nps.txt"
run "reviews.record (durable)" "$work/r.sock" 50 16 --template "$work/review.txt"

python3 - "$work" "$REVIEWS" <<'PY'
import json, socket, sqlite3, sys, threading, time
work, total = sys.argv[1], int(sys.argv[2])
path = f"{work}/r.sock"
customers = [c for (c,) in sqlite3.connect(f"{work}/store.sqlite").execute("SELECT id FROM customer WHERE erased_at IS NULL ORDER BY id")]

def pipeline(lines):
    """Sends every line on one connection while reading the replies; fails on any error."""
    client = socket.socket(socket.AF_UNIX); client.connect(path)
    errors = []
    def read():
        stream = client.makefile("rb")
        for _ in range(len(lines)):
            reply = json.loads(stream.readline())
            if "error" in reply: errors.append(reply["error"])
    reader = threading.Thread(target=read); reader.start()
    for start in range(0, len(lines), 512):
        client.sendall(b"".join(lines[start:start + 512]))
    reader.join()
    if errors: raise SystemExit(f"{len(errors)} errors, first {errors[0]}")

def call(method, **params):
    client = socket.socket(socket.AF_UNIX); client.connect(path)
    client.sendall(json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode() + b"\n")
    stream = client.makefile("rb")
    return json.loads(stream.readline())["result"]

started = time.perf_counter()
batches = []
for start in range(0, total, 1000):
    reviews = [{"source": "yandex_maps", "externalId": f"fill-{n}", "rating": 1 + n % 5 if n % 3 else 2, "text": "filler review text",
                "customerId": customers[n % len(customers)], "at": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"}
               for n in range(start, min(total, start + 1000))]
    batches.append(json.dumps({"jsonrpc": "2.0", "id": start, "method": "reviews.import", "params": {"reviews": reviews}}).encode() + b"\n")
pipeline(batches)
print(f"filled {total} reviews through reviews.import in {time.perf_counter() - started:.0f} s")

survey = call("surveys.create", name="Bench", allowMultiple=True, questions=[
    {"id": "recommend", "kind": "nps", "text": "Recommend us?", "required": True},
    {"id": "taste", "kind": "rating", "text": "Taste?"},
    {"id": "better", "kind": "text", "text": "Better?"},
    {"id": "liked", "kind": "multiple", "text": "Liked?", "choices": ["coffee", "staff", "music"]}])["id"]
started = time.perf_counter()
lines = [json.dumps({"jsonrpc": "2.0", "id": n, "method": "surveys.respond", "params": {
    "surveyId": survey, "answers": {"recommend": n % 11, "taste": 1 + n % 5, "better": "faster" if n % 4 == 0 else None,
                                    "liked": ["coffee", "staff"] if n % 2 else ["music"]},
    "at": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"}}).encode() + b"\n" for n in range(total)]
pipeline(lines)
print(f"filled {total} survey responses through surveys.respond in {time.perf_counter() - started:.0f} s")
open(f"{work}/survey-id", "w").write(survey)
inbox = call("feedback.inbox", limit=20)
print(f"inbox: first page {len(inbox['items'])} items, more: {inbox['nextCursor'] is not None}")
PY

survey=$(cat "$work/survey-id")
run "feedback.inbox (20 a page)" "$work/r.sock" 1 1 --request '{"jsonrpc":"2.0","id":"{i}","method":"feedback.inbox","params":{"limit":20}}'
run "feedback.inbox (20 a page)" "$work/r.sock" 8 1 --request '{"jsonrpc":"2.0","id":"{i}","method":"feedback.inbox","params":{"limit":20}}'
run "surveys.results, all time"  "$work/r.sock" 1 1 --request '{"jsonrpc":"2.0","id":"{i}","method":"surveys.results","params":{"surveyId":"'"$survey"'"}}'
run "surveys.results, cut days"  "$work/r.sock" 1 1 --request '{"jsonrpc":"2.0","id":"{i}","method":"surveys.results","params":{"surveyId":"'"$survey"'","from":"2026-02-10T13:30:00Z","to":"2026-11-20T08:15:00Z"}}'
echo "server RSS: $(( $(ps -o rss= -p "$(jobs -p | head -n 1)") / 1024 )) MiB"
echo "database size: $(du -h "$work/store.sqlite" | cut -f1)"
