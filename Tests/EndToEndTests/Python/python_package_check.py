#!/usr/bin/env python3
"""Checks the Python client package (clients/python) and its examples against a running server.

Run against `rapport serve --db FRESH.sqlite --socket SOCKET_PATH` on a fresh, empty database:
the package is imported from this checkout (../../../clients/python/src), not from site-packages.

1. connect, call with results; a positional params mapping for a keyword name (`from`);
2. RapportError on refusals: code, reason, field, data, message (invalid params, not_found,
   conflict with existingId, method_not_found), and the connection goes on working;
3. call_many: 200 pipelined calls in order, a read after writes in the same list, errors in the
   list with raise_errors=False and raised (with index) by default; a notification;
4. events: the iterator subscribes, a customers.create on another connection arrives; on the
   subscribed connection itself, 200 pipelined writes give 200 replies and 200 queued events
   (none lost, none taken for a reply, seq increasing);
5. one connection shared by four threads;
6. spawn() over pipes against a temporary database, when RAPPORT_EXECUTABLE names the binary
   (else a note says it was skipped): calls, pipelining, events, a clean exit on close();
7. examples/sheet.py (CSV equal to metrics.dashboard, targets set with --set-targets) and
   examples/bot.py (points from loyalty.balance / history, the negative review answered as the
   bot, once only on a second run) as subprocesses on the same socket.

Exits non-zero with a message on the first surprise; prints "ok" at the end.
Usage: python_package_check.py SOCKET_PATH
"""
import csv
import datetime
import io
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "clients", "python", "src"))

import rapport  # noqa: E402
from rapport import ConnectionClosedError, Rapport, RapportError  # noqa: E402
from rapport_client import expect, expect_equal  # noqa: E402  (the checks the end-to-end scripts share)


def refusal(shop, method, params):
    """The RapportError of a call that must be refused."""
    try:
        result = shop.call(method, params)
    except RapportError as error:
        return error
    expect(False, f"{method} {params} must be refused, but answered {result!r}")


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def run_example(name, *arguments):
    """Runs examples/NAME with this Python; answers (stdout, stderr); fails on a non-zero exit."""
    script = os.path.join(ROOT, "examples", name)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the example must find the package from the checkout by itself
    done = subprocess.run([sys.executable, script, *arguments], capture_output=True, text=True, timeout=60, env=env)
    expect(done.returncode == 0, f"{name} {' '.join(arguments)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout, done.stderr


def check_basics(shop):
    expect(rapport.__file__.startswith(os.path.join(ROOT, "clients", "python", "src")), f"package from the checkout, got {rapport.__file__}")
    expect_equal(shop.call("server.ping"), "pong", "server.ping")
    expect(shop.ping(), "ping()")
    store = shop.call("store.configure", name="Package Check Cafe", currency="EUR")
    expect_equal((store["name"], store["currency"]), ("Package Check Cafe", "EUR"), "store.configure result")
    anna = shop.call("customers.create", {"name": "Anna Petrova", "email": "anna@example.com"}, phone="+7 (999) 123-45-67")
    expect(anna["id"].startswith("cus_"), f"customer id {anna['id']}")
    expect_equal(anna["phone"], "+79991234567", "params from a mapping and keywords together")
    twin = shop.call("customers.create", name="Anna P. (duplicate)")
    merged = shop.call("customers.merge", {"into": anna["id"], "from": twin["id"]})
    expect_equal(merged["id"], anna["id"], "customers.merge with the keyword `from` in a mapping")
    try:
        shop.call("server.ping", {"a": 1}, a=2)
        expect(False, "a param given twice must be a TypeError")
    except TypeError:
        pass
    print("connect and call: ok")
    return anna


def check_errors(shop, anna):
    error = refusal(shop, "customers.search", {"query": "ab"})
    expect_equal((error.code, error.reason, error.field), (-32602, "invalid_params", "query"), "too short a search")
    expect_equal(error.data.get("reason"), "invalid_params", "error.data")
    expect_equal(error.method, "customers.search", "error.method")
    expect(error.message and error.message in str(error) and "invalid_params" in str(error), f"readable message: {error}")
    unknown = refusal(shop, "customers.create", {"name": "X", "nickname": "x"})
    expect_equal((unknown.code, unknown.reason, unknown.field), (-32602, "invalid_params", "nickname"), "an unknown member")
    missing = refusal(shop, "customers.get", {"id": "cus_01JD3Q8ZK5W7T4M2X9B6R1N0HC"})
    expect_equal((missing.code, missing.reason), (-32000, "not_found"), "not_found")
    taken = refusal(shop, "customers.create", {"email": "ANNA@example.com"})
    expect_equal((taken.reason, taken.data.get("existingId")), ("conflict", anna["id"]), "conflict names the holder")
    expect("existingId" in str(taken), f"the message shows the data: {taken}")
    nowhere = refusal(shop, "nope.nothing", None)
    expect_equal((nowhere.code, nowhere.reason), (-32601, "method_not_found"), "method_not_found")
    expect_equal(shop.call("server.ping"), "pong", "the connection works after refusals")
    print("RapportError fields: ok")


def check_call_many(shop, anna):
    pings = shop.call_many([("server.ping", None)] * 200)
    expect_equal(pings, ["pong"] * 200, "200 pipelined pings")
    calls = [("customers.create", {"name": f"Guest {n}", "externalId": f"guest-{n}"}) for n in range(200)]
    created = shop.call_many(calls + [("customers.get", {"externalId": "guest-199"})])
    expect_equal([c["externalId"] for c in created[:200]], [f"guest-{n}" for n in range(200)], "results in request order")
    expect_equal(created[200]["id"], created[199]["id"], "a read sees the writes pipelined before it")
    mixed = shop.call_many(["server.ping", ("customers.get", {"id": "cus_missing"}), ("server.ping",)], raise_errors=False)
    expect_equal((mixed[0], mixed[2]), ("pong", "pong"), "replies around an error")
    expect(isinstance(mixed[1], RapportError) and mixed[1].reason == "not_found" and mixed[1].index == 1, f"an error in the list: {mixed[1]!r}")
    try:
        shop.call_many([("server.ping", None), ("customers.get", {"id": "cus_missing"})])
        expect(False, "call_many must raise by default")
    except RapportError as error:
        expect_equal((error.reason, error.index), ("not_found", 1), "the raised error says which request")
    expect_equal(shop.call_many([]), [], "an empty list")
    shop.notify("store.configure", name="Package Check Cafe")  # no reply, even to a notification
    expect_equal(shop.call("store.settings")["name"], "Package Check Cafe", "a call after a notification")
    print("call_many pipelining: ok")


def check_events(path, shop):
    with Rapport.connect(path) as watcher:
        stream = watcher.events(["customer.created"], timeout=10)
        bella = shop.call("customers.create", name="Bella Event")
        event = next(stream)
        expect_equal((event["topic"], event["data"]["customer"]["id"]), ("customer.created", bella["id"]), "the event arrives")
        expect(isinstance(event["seq"], int) and event["at"].endswith("Z"), f"event envelope: {event}")
        expect_equal(watcher.next_event(timeout=0.2), None, "no more events")

        # On the subscribed connection itself: replies and events interleave.
        created = watcher.call_many([("customers.create", {"name": f"Busy {n}"}) for n in range(200)])
        expect_equal(len(created), 200, "200 replies")
        expect(all(c["id"].startswith("cus_") for c in created), "every reply is a reply, not an event")
        events = []
        while len(events) < 200:
            event = watcher.next_event(timeout=10)
            expect(event is not None, f"only {len(events)} of 200 events arrived")
            events.append(event)
        expect_equal([e["data"]["customer"]["id"] for e in events], [c["id"] for c in created], "200 events, in order, none lost")
        seqs = [e["seq"] for e in events]
        expect(all(b > a for a, b in zip(seqs, seqs[1:])), "seq increases")
        expect_equal(watcher.unsubscribe(), [], "unsubscribe all")
        shop.call("customers.create", name="Unheard")
        shop.call("server.ping")
        expect_equal(watcher.next_event(timeout=0.3), None, "no events after unsubscribing")
    print("events: ok")


def check_threads(shop):
    failures = []

    def worker(n):
        try:
            for i in range(50):
                expect_equal(shop.call("customers.search", query="Guest", limit=1)["items"][0]["name"][:5], "Guest", "shared")
        except Exception as error:  # noqa: BLE001
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    expect(not failures, f"threads sharing a connection: {failures}")
    print("threads sharing a connection: ok")


def check_spawn():
    executable = os.environ.get("RAPPORT_EXECUTABLE")
    if not executable:
        print("spawn: SKIPPED (RAPPORT_EXECUTABLE is not set; set it to the rapport binary to test spawn())")
        return None
    expect(os.access(executable, os.X_OK), f"RAPPORT_EXECUTABLE={executable} is not an executable")
    directory = tempfile.mkdtemp(prefix="rapport-spawn-")
    db = os.path.join(directory, "spawned.sqlite")
    with Rapport.spawn(db, executable=executable) as piped:
        expect(piped.pid is not None and piped.returncode is None, "a running child")
        expect_equal(piped.call("server.ping"), "pong", "ping over pipes")
        piped.subscribe("customer.*")
        carl = piped.call("customers.create", name="Carl Piped")
        expect_equal(piped.call_many([("customers.get", {"id": carl["id"]})] * 200)[199]["name"], "Carl Piped", "pipelining over pipes")
        event = piped.next_event(timeout=5)
        expect(event is not None and event["data"]["customer"]["id"] == carl["id"], f"an event over pipes: {event}")
        error = refusal(piped, "customers.get", {"id": "cus_missing"})
        expect_equal(error.reason, "not_found", "an error over pipes")
    expect_equal(piped.returncode, 0, "the spawned server exits cleanly on close()")
    try:
        piped.call("server.ping")
        expect(False, "a closed client must refuse")
    except ConnectionClosedError:
        pass
    stdout, _ = run_example("sheet.py", "--db", db, "--rapport", executable)
    expect(stdout.startswith("metric,unit,target,current,previous,change,onTrack"), f"sheet.py --db: {stdout}")
    print(f"spawn over pipes ({executable}): ok")
    return executable


def check_examples(path, shop, anna):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    # A little history: three orders (the last one in this month, so the dashboard's current period
    # has a check), hand-given points, a negative public review.
    month_start = now.replace(day=1, hour=0, minute=0, second=0)
    for n, moment in enumerate((now - datetime.timedelta(days=40), now - datetime.timedelta(days=20), month_start + (now - month_start) / 2)):
        shop.call("orders.record", customerId=anna["id"], externalId=f"pkg-{n}", amount=45000 + n * 1000,
                  at=stamp(moment.replace(microsecond=0)))
    shop.call("loyalty.earn", customerId=anna["id"], points=150, reason="Welcome gift", idempotencyKey="pkg-welcome")
    review = shop.call("reviews.record", source="google", externalId="pkg-review-1", rating=2, customerId=anna["id"],
                       text="Cold coffee, long wait", author="Anna P.", at=stamp(now - datetime.timedelta(minutes=30)))["review"]
    expect(review["negative"], "the review is negative")
    expect_equal([i["id"] for i in shop.call("feedback.inbox")["items"]], [review["id"]], "the review waits in the inbox")
    balance = shop.call("loyalty.balance", customerId=anna["id"])

    # sheet.py: the dashboard as CSV, with targets.
    at = stamp(now)
    stdout, stderr = run_example("sheet.py", "--socket", path, "--set-targets", "--target", "average_check=50000", "--at", at)
    rows = list(csv.reader(io.StringIO(stdout)))
    expect_equal(rows[0], ["metric", "unit", "target", "current", "previous", "change", "onTrack"], "sheet.py header")
    dashboard = shop.call("metrics.dashboard", at=at)
    expect_equal(len(rows) - 1, len(dashboard["rows"]), "one CSV row per dashboard metric")

    def cell(value):
        return "" if value is None else ("true" if value else "false") if isinstance(value, bool) else str(value)

    for line, row in zip(rows[1:], dashboard["rows"]):
        expected = [cell(row[c]) for c in ("metric", "unit", "target", "current", "previous", "change", "onTrack")]
        expect_equal(line, expected, f"sheet.py row {row['metric']}")
    targets = {k["metric"]: k["target"] for k in shop.call("kpis.list")["items"]}
    expect_equal((targets.get("repeat_rate"), targets.get("nps"), targets.get("average_check")), (40, 50, 50000), "targets set by sheet.py")
    by_metric = {row["metric"]: row for row in dashboard["rows"]}
    expect_equal(by_metric["repeat_rate"]["target"], 40, "the dashboard shows the target")
    expect(by_metric["average_check"]["current"] is not None, "the check of this period's order")
    with tempfile.TemporaryDirectory() as directory:
        out = os.path.join(directory, "kpis.csv")
        run_example("sheet.py", "--socket", path, "--at", at, "--out", out)
        with open(out, newline="", encoding="utf-8") as written:
            expect_equal(list(csv.reader(written)), rows, "sheet.py --out writes the same CSV")
    print("examples/sheet.py: ok")

    # bot.py: the points answer and the inbox.
    stdout, _ = run_example("bot.py", "--socket", path, "--customer", "Anna Petrova")
    expect(f"You have {balance['available']:,} points available" in stdout, f"bot.py tells the balance:\n{stdout}")
    expect("Welcome gift" in stdout and "order pkg-2" in stdout, f"bot.py tells the history:\n{stdout}")
    expect(review["id"] in stdout and "replied as rapport-bot (bot)" in stdout, f"bot.py answers the review:\n{stdout}")
    replies = shop.call("reviews.get", id=review["id"])["replies"]
    expect_equal([(r["by"], r["byKind"]) for r in replies], [("rapport-bot", "bot")], "the bot's reply is recorded")
    item = shop.call("feedback.inbox")["items"][0]
    expect_equal((item["id"], item["status"], item["respondedAt"]), (review["id"], "open", None), "a bot reply leaves it for a person")
    again, _ = run_example("bot.py", "--socket", path, "--customer", "anna@example.com")
    expect("already answered" in again, f"a second run skips it:\n{again}")
    expect_equal(len(shop.call("reviews.get", id=review["id"])["replies"]), 1, "no second bot reply")
    print("examples/bot.py: ok")


def main(path):
    started = time.monotonic()
    with Rapport.connect(path, timeout=20, wait=5) as shop:
        anna = check_basics(shop)
        check_errors(shop, anna)
        check_call_many(shop, anna)
        check_events(path, shop)
        check_threads(shop)
        check_spawn()
        check_examples(path, shop, anna)
    print(f"python package check: {time.monotonic() - started:.1f} s")
    print("ok")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python_package_check.py SOCKET_PATH", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
