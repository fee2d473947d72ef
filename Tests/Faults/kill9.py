#!/usr/bin/env python3
"""kill -9 under a mixed write load loses no acknowledged write and leaves a consistent store.

What it proves, per trial (the database is created fresh at the start of a run and kept across
trials, so every trial also re-checks what every earlier trial was told):

1. `rapport serve --socket` runs on the database while T client threads (default 24), each on its
   own connection and pipelining a few requests, write a mix: `customers.create` (externalId +
   idempotencyKey), `orders.record` (externalId, half also with an idempotencyKey; amounts that
   earn points), `loyalty.earn`, `loyalty.redeem` (insufficient_points is a fine answer; some on
   shared customers, so redemptions race), `orders.refund` and `interactions.log`, each with an
   idempotencyKey. Every acknowledged success is recorded with the result it returned; replies
   that were already on the wire when the server died count as acknowledged too.
2. After a random 0.3-2.5 s the server gets SIGKILL.
3. On the dead server's files, opened read-only with sqlite3 (nothing is written, so the server
   itself does the WAL recovery afterwards): `PRAGMA integrity_check` is ok and
   `foreign_key_check` is empty; every acknowledged customer, order, ledger entry, refund,
   interaction and idempotency key of every trial so far is there with the values it was
   acknowledged with; customer totals equal their orders net of refunds; every order's refunded
   amount equals its refunds; every cached balance equals its ledger and its lots minus debt; every
   order that earns points has its earn entry.
4. The server restarts on the same file: `loyalty.check` reports `mismatches: []` for every
   account; `customers.get {externalId}` finds every customer acknowledged in this trial (and a
   sample of earlier ones) with the acknowledged id; `loyalty.history` and `orders.list` of a
   sample of customers hold their acknowledged entries and orders.
5. A sample of acknowledged requests is retried with the same keys: each answers exactly the first
   result (an orders.record sent without idempotencyKey answers the same order with
   `created: false`), and the domain tables and idempotency keys are unchanged afterwards. (Audit
   rows written by retries are counted in the totals, not as a change: a retry by externalId alone
   is a new request, and today it is audited.)

A trial passes when every check of it passes. The last line is `N passed, M failed` over trials;
the exit status is 1 when any trial failed.

Usage: python3 Tests/Faults/kill9.py --rapport BINARY [--trials 3] [--seed S] [--threads 24]
"""
import argparse
import collections
import os
import random
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultkit import (ConnectionClosed, Server, ServerFailedToStart, SocketClient, Tally,  # noqa: E402
                      describe_error, open_ro, short)

# The default program (50 points per 1000.00, rounding down) earns a point from 20.00 on; the
# script never reconfigures it, so an order of at least this amount must have an earn entry.
EARNING_AMOUNT = 2000

WEIGHTS = [("customers.create", 12), ("orders.record", 30), ("loyalty.earn", 14), ("loyalty.redeem", 18),
           ("orders.refund", 10), ("interactions.log", 16)]
CHANNELS = ["email", "sms", "messenger", "phone", "chat", "visit", "other"]
KINDS = ["message", "call", "meeting", "note", "support"]


class Acks:
    """Everything the server acknowledged, across trials.

    All acknowledgements are kept compactly (what the presence checks need); the full request and
    result are kept for the current trial, and for a few per trial afterwards, for the retries."""

    def __init__(self):
        self.lock = threading.Lock()
        self.customers = {}        # id -> externalId
        self.customer_list = []    # ids, for picking
        self.customers_of = collections.defaultdict(list)   # worker -> [ids]
        self.orders = {}           # id -> [externalId, customerId, amount, refunded acknowledged, worker]
        self.orders_of = collections.defaultdict(list)      # worker -> [order ids]
        self.entries = {}          # ledger entry id -> (customerId, kind, points)
        self.refunds = {}          # id -> (orderId, amount)
        self.interactions = {}     # id -> customerId
        self.keys = set()          # idempotency keys of acknowledged requests
        self.current = []          # full acks of the current trial: (trial, method, params, result)
        self.kept = []             # a sample of full acks of earlier trials
        self.total = collections.Counter()

    def record(self, worker, trial, method, params, result):
        with self.lock:
            self.total[method] += 1
            self.current.append((trial, method, params, result))
            if "idempotencyKey" in params:
                self.keys.add(params["idempotencyKey"])
            if method == "customers.create":
                self.customers[result["id"]] = result["externalId"]
                self.customer_list.append(result["id"])
                self.customers_of[worker].append(result["id"])
            elif method == "orders.record":
                order = result["order"]
                self.orders[order["id"]] = [order["externalId"], order["customerId"], order["amount"], order["refunded"], worker]
                self.orders_of[worker].append(order["id"])
            elif method == "loyalty.earn":
                self.entries[result["id"]] = (result["customerId"], result["kind"], result["points"])
            elif method == "loyalty.redeem":
                entry = result["entry"]
                self.entries[entry["id"]] = (entry["customerId"], entry["kind"], entry["points"])
            elif method == "orders.refund":
                refund = result["refund"]
                self.refunds[refund["id"]] = (refund["orderId"], refund["amount"])
                self.orders[refund["orderId"]][3] = result["order"]["refunded"]
            elif method == "interactions.log":
                self.interactions[result["id"]] = result["customerId"]

    def end_trial(self, rng, keep=60):
        with self.lock:
            self.kept += rng.sample(self.current, min(keep, len(self.current)))
            self.current = []


class Worker(threading.Thread):
    """One client connection writing the mix, a few requests in flight, until the server dies."""

    def __init__(self, index, trial, run, socket_path, acks, seed, window, start_gate):
        super().__init__(daemon=True, name=f"worker-{index}")
        self.index, self.trial, self.run_tag = index, trial, run
        self.socket_path, self.acks, self.window, self.start_gate = socket_path, acks, window, start_gate
        self.rng = random.Random(seed)
        self.seq = 0
        self.busy_orders = set()
        self.sent = 0
        self.unacked = 0
        self.refused = collections.Counter()     # expected refusals (insufficient_points)
        self.unexpected = []                      # unexpected error replies, with the request
        self.broken = None                        # how the connection ended
        self.connect_error = None

    def key(self, kind):
        self.seq += 1
        return f"{self.run_tag}-t{self.trial}-w{self.index}-{self.seq}-{kind}"

    def pick_customer(self):
        own = self.acks.customers_of.get(self.index)
        if own and self.rng.random() < 0.75:
            return self.rng.choice(own)
        if self.acks.customer_list:
            return self.rng.choice(self.acks.customer_list)
        return None

    def next_request(self):
        """(method, params) of the next write, or None when there is nothing to refer to yet."""
        rng = self.rng
        method = rng.choices([m for m, _ in WEIGHTS], [w for _, w in WEIGHTS])[0]
        customer = self.pick_customer()
        if customer is None:
            method = "customers.create"
        if method == "orders.refund":
            choices = [o for o in self.acks.orders_of.get(self.index, ())[-200:]
                       if o not in self.busy_orders and self.acks.orders[o][3] < self.acks.orders[o][2]]
            if not choices:
                method = "orders.record"
        if method == "customers.create":
            key = self.key("cus")
            return method, {"externalId": "ext-" + key, "name": f"Kill Nine {self.index}-{self.seq}",
                            "tags": ["fault"], "idempotencyKey": key}
        if method == "orders.record":
            key = self.key("ord")
            params = {"customerId": customer, "externalId": "ord-" + key,
                      "amount": rng.randrange(EARNING_AMOUNT, 400_000), "channel": rng.choice(["web", "store", "app"])}
            if rng.random() < 0.5:
                params["idempotencyKey"] = key
            return method, params
        if method == "loyalty.earn":
            return method, {"customerId": customer, "points": rng.randint(1, 300), "reason": "fault-injection goodwill",
                            "idempotencyKey": self.key("earn")}
        if method == "loyalty.redeem":
            return method, {"customerId": customer, "points": rng.randint(1, 80), "idempotencyKey": self.key("red")}
        if method == "orders.refund":
            order = rng.choice(choices)
            self.busy_orders.add(order)
            left = self.acks.orders[order][2] - self.acks.orders[order][3]
            params = {"orderId": order, "reason": "fault-injection return", "idempotencyKey": self.key("ref")}
            if rng.random() < 0.8:
                params["amount"] = rng.randint(1, left)
            return method, params
        return "interactions.log", {"customerId": customer, "channel": rng.choice(CHANNELS), "direction": rng.choice(["in", "out"]),
                                    "kind": rng.choice(KINDS), "summary": f"fault-injection contact {self.seq}",
                                    "cost": rng.randint(0, 500), "idempotencyKey": self.key("int")}

    def run(self):
        try:
            client = SocketClient(self.socket_path, timeout=30)
        except OSError as error:
            self.connect_error = str(error)
            self.start_gate.wait()
            return
        self.start_gate.wait()
        pending = collections.deque()
        sending = True
        try:
            while True:
                while sending and len(pending) < self.window:
                    method, params = self.next_request()
                    try:
                        pending.append((client.send(method, params), method, params))
                        self.sent += 1
                    except OSError:
                        sending = False  # the server is gone; read what already came back
                        if method == "orders.refund":
                            self.busy_orders.discard(params["orderId"])
                if not pending:
                    break
                try:
                    reply = client.read_reply(timeout=30)
                except (ConnectionClosed, TimeoutError) as error:
                    self.broken = str(error)
                    break
                sent_id, method, params = pending.popleft()
                if reply.get("id") != sent_id:
                    self.unexpected.append(f"reply id {reply.get('id')!r} for request {sent_id} ({method})")
                    break
                if method == "orders.refund":
                    self.busy_orders.discard(params["orderId"])
                if "result" in reply:
                    self.acks.record(self.index, self.trial, method, params, reply["result"])
                elif method == "loyalty.redeem" and (reply["error"].get("data") or {}).get("reason") == "insufficient_points":
                    self.refused["insufficient_points"] += 1
                else:
                    self.unexpected.append(f"{method} {short(params, 160)} -> {describe_error(reply)}")
        finally:
            self.unacked = len(pending)
            client.close()


class Trial:
    """One start / load / kill -9 / verify cycle; its checks go to a Tally of its own."""

    def __init__(self, number, args, paths, acks, rng):
        self.number, self.args, self.paths, self.acks, self.rng = number, args, paths, acks, rng
        self.tally = Tally(quiet=not args.verbose)
        self.stats = {}

    def check(self, name, ok, detail="", info=""):
        return self.tally.check(f"trial {self.number}: {name}", ok, detail, info)

    # -- 1 and 2: load, then kill -9 ----------------------------------------------------------

    def load_and_kill(self):
        server = Server(self.args.rapport, self.paths["db"], self.paths["socket"], log_path=self.paths["log"])
        server.start()
        gate = threading.Barrier(self.args.threads + 1, timeout=120)
        workers = [Worker(i, self.number, self.paths["tag"], self.paths["socket"], self.acks,
                          self.rng.randrange(1 << 30), self.args.window, gate) for i in range(self.args.threads)]
        for worker in workers:
            worker.start()
        gate.wait()
        delay = self.rng.uniform(self.args.min_kill, self.args.max_kill)
        time.sleep(delay)
        alive_at_kill = server.alive()
        server.kill9()
        for worker in workers:
            worker.join(60)
        self.check("the server was still running when it was killed", alive_at_kill, f"it had exited: {server.log_tail()}",
                   info=f"after {delay:.2f} s")
        self.check("every client thread finished after the kill", not any(w.is_alive() for w in workers))
        unexpected = [text for w in workers for text in w.unexpected]
        broken = [f"worker {w.index}: {w.connect_error}" for w in workers if w.connect_error]
        self.check("no unexpected error replies before the kill", not unexpected,
                   f"{len(unexpected)}: " + " | ".join(unexpected[:5]))
        self.check("every client connected", not broken, " | ".join(broken[:5]))
        acked = collections.Counter(method for _, method, _, _ in self.acks.current)
        self.stats.update(delay=delay, sent=sum(w.sent for w in workers), acked=sum(acked.values()), by_method=acked,
                          unacked=sum(w.unacked for w in workers),
                          insufficient=sum(w.refused["insufficient_points"] for w in workers))
        self.check("the load got acknowledgements before the kill", sum(acked.values()) > 0,
                   info=f"{sum(acked.values())} acknowledged of {self.stats['sent']} sent")

    # -- 3: the dead server's files -------------------------------------------------------------

    def verify_files(self):
        acks = self.acks
        db = open_ro(self.paths["db"])
        try:
            rows = db.execute("PRAGMA integrity_check").fetchall()
            self.check("PRAGMA integrity_check is ok on the killed server's file", [r[0] for r in rows] == ["ok"], short(str(rows)))
            rows = db.execute("PRAGMA foreign_key_check").fetchall()
            self.check("PRAGMA foreign_key_check finds nothing", not rows, short(str(rows[:5])))

            customers = dict(db.execute("SELECT id, external_id FROM customer"))
            missing = [(i, e) for i, e in acks.customers.items() if customers.get(i) != e]
            self.check(f"all {len(acks.customers)} acknowledged customers are stored", not missing, f"missing or changed: {missing[:5]}")

            orders = {r[0]: r[1:] for r in db.execute('SELECT id, external_id, customer_id, amount, refunded FROM "order"')}
            bad = []
            for oid, (ext, customer, amount, refunded, _) in acks.orders.items():
                row = orders.get(oid)
                if row is None or row[:3] != (ext, customer, amount) or row[3] < refunded:
                    bad.append((oid, ext, row))
            self.check(f"all {len(acks.orders)} acknowledged orders are stored with their amount and at least their acknowledged refunds",
                       not bad, f"missing or changed: {bad[:5]}")
            # A refund that was in flight when the server died may have committed unanswered: the
            # next trial refunds from what the file holds, not from what was acknowledged.
            for oid, state in acks.orders.items():
                if oid in orders:
                    state[3] = max(state[3], orders[oid][3])

            entries = {r[0]: r[1:] for r in db.execute("SELECT id, customer_id, kind, points FROM loyalty_entry")}
            bad = [(i, v, entries.get(i)) for i, v in acks.entries.items() if entries.get(i) != v]
            self.check(f"all {len(acks.entries)} acknowledged earn/redeem ledger entries are stored", not bad, f"missing or changed: {bad[:5]}")

            refunds = {r[0]: r[1:] for r in db.execute("SELECT id, order_id, amount FROM refund")}
            bad = [(i, v, refunds.get(i)) for i, v in acks.refunds.items() if refunds.get(i) != v]
            self.check(f"all {len(acks.refunds)} acknowledged refunds are stored", not bad, f"missing or changed: {bad[:5]}")

            interactions = dict(db.execute("SELECT id, customer_id FROM interaction"))
            bad = [(i, c) for i, c in acks.interactions.items() if interactions.get(i) != c]
            self.check(f"all {len(acks.interactions)} acknowledged interactions are stored", not bad, f"missing: {bad[:5]}")

            keys = {r[0] for r in db.execute("SELECT key FROM rapport_idempotency_key")}
            bad = sorted(acks.keys - keys)
            self.check(f"all {len(acks.keys)} idempotency keys of acknowledged requests are stored", not bad, f"missing: {bad[:5]}")

            rows = db.execute("""
                SELECT c.id, c.order_count, c.total_spent, coalesce(o.n, 0), coalesce(o.net, 0) FROM customer c
                LEFT JOIN (SELECT customer_id, count(*) AS n, sum(amount - refunded) AS net FROM "order" GROUP BY customer_id) o
                    ON o.customer_id = c.id
                WHERE c.order_count != coalesce(o.n, 0) OR c.total_spent != coalesce(o.net, 0)""").fetchall()
            self.check("every customer's order count and total spent equal its orders net of refunds", not rows, short(str(rows[:5])))

            rows = db.execute("""
                SELECT o.id, o.refunded, coalesce(sum(r.amount), 0) FROM "order" o LEFT JOIN refund r ON r.order_id = o.id
                GROUP BY o.id HAVING o.refunded != coalesce(sum(r.amount), 0)""").fetchall()
            self.check("every order's refunded amount equals the sum of its refunds", not rows, short(str(rows[:5])))

            # One pass per table (a correlated subquery per account would scan the lots, whose
            # index only holds lots with points left, once per account).
            ledger = dict(db.execute("SELECT customer_id, sum(points) FROM loyalty_entry GROUP BY customer_id"))
            lots = dict(db.execute("SELECT customer_id, sum(remaining) FROM loyalty_lot GROUP BY customer_id"))
            bad = [(c, balance, debt, ledger.get(c, 0), lots.get(c, 0))
                   for c, balance, debt in db.execute("SELECT customer_id, balance, debt FROM loyalty_account")
                   if balance != ledger.get(c, 0) or balance != lots.get(c, 0) - debt]
            self.check("every cached balance equals its ledger and its lots minus debt", not bad,
                       f"(customer, balance, debt, ledger, lots): {bad[:5]}")

            earned = {r[0] for r in db.execute("SELECT order_id FROM loyalty_entry WHERE order_id IS NOT NULL AND kind = 'earn'")}
            bad = [r for r in db.execute(f'SELECT id, amount FROM "order" WHERE amount >= {EARNING_AMOUNT}') if r[0] not in earned]
            self.check("every stored order that earns points has its earn entry", not bad, short(str(bad[:5])))
            self.stats["accounts"] = db.execute("SELECT count(*) FROM loyalty_account").fetchone()[0]
            self.stats["rows"] = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                                  for t in ("customer", "order", "loyalty_entry")}
        finally:
            db.close()

    # -- 4 and 5: through the restarted server --------------------------------------------------

    def fingerprint(self):
        db = open_ro(self.paths["db"])
        try:
            counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                      for t in ("customer", "order", "refund", "interaction", "loyalty_entry", "loyalty_lot",
                                "rapport_idempotency_key")}
            counts["sum(balance)"] = db.execute("SELECT coalesce(sum(balance), 0) FROM loyalty_account").fetchone()[0]
            counts["sum(lots)"] = db.execute("SELECT coalesce(sum(remaining), 0) FROM loyalty_lot").fetchone()[0]
            counts["sum(refunded)"] = db.execute('SELECT coalesce(sum(refunded), 0) FROM "order"').fetchone()[0]
            counts["sum(total_spent)"] = db.execute("SELECT coalesce(sum(total_spent), 0) FROM customer").fetchone()[0]
            audit = db.execute("SELECT count(*) FROM rapport_audit").fetchone()[0]
            return counts, audit
        finally:
            db.close()

    def verify_through_server(self):
        server = Server(self.args.rapport, self.paths["db"], self.paths["socket"], log_path=self.paths["log"])
        try:
            server.start()
        except ServerFailedToStart as error:
            self.check("the server restarts on the killed server's file", False, str(error))
            return
        self.check("the server restarts on the killed server's file", True)
        client = SocketClient(self.paths["socket"], timeout=60)
        try:
            self.verify_reads(client)
            self.verify_retries(client)
        finally:
            client.close()
            status, seconds = server.stop()
            self.check("the restarted server stops on SIGTERM", status == 0, server.log_tail(),
                       info=f"exit status {status} after {seconds:.1f} s")

    def verify_reads(self, client):
        acks = self.acks
        check = client.call("loyalty.check", {})
        self.check("loyalty.check reports no mismatches", check.get("mismatches") == [], info=short(check))
        self.check("loyalty.check checked every account", check.get("accounts") == self.stats.get("accounts"),
                   f"{check.get('accounts')} checked, {self.stats.get('accounts')} in the file")

        current = [result for _, method, _, result in self.acks.current if method == "customers.create"]
        current_ids = {r["id"] for r in current}
        earlier = [c for c in acks.customer_list if c not in current_ids]
        sample = [{"id": c, "externalId": acks.customers[c]} for c in self.rng.sample(earlier, min(20, len(earlier)))]
        wanted = [{"id": r["id"], "externalId": r["externalId"]} for r in current] + sample
        replies = client.pipeline([("customers.get", {"externalId": w["externalId"]}) for w in wanted], window=32)
        bad = [(w["externalId"], r.get("result", {}).get("id") if "result" in r else describe_error(r))
               for w, r in zip(wanted, replies) if r.get("result", {}).get("id") != w["id"]]
        self.check(f"customers.get by externalId finds all {len(current)} customers acknowledged in this trial and {len(sample)} earlier ones",
                   not bad, f"{len(bad)} wrong: {bad[:5]}")

        touched = sorted({params["customerId"] for _, method, params, _ in self.acks.current if "customerId" in params})
        for customer in self.rng.sample(touched, min(6, len(touched))):
            history, orders = {}, {}
            for method, into in (("loyalty.history", history), ("orders.list", orders)):
                cursor = None
                while True:
                    page = client.call(method, {"customerId": customer, "limit": 1000, "cursor": cursor})
                    for item in page["items"]:
                        into[item["id"]] = item
                    cursor = page["nextCursor"]
                    if not cursor:
                        break
            bad = [(i, v) for i, v in acks.entries.items() if v[0] == customer
                   and (i not in history or (history[i]["kind"], history[i]["points"]) != v[1:])]
            bad += [(i, v[:4]) for i, v in acks.orders.items() if v[1] == customer
                    and (i not in orders or orders[i]["amount"] != v[2] or orders[i]["refunded"] < v[3])]
            self.check(f"loyalty.history and orders.list of {customer} hold its acknowledged entries and orders", not bad, short(str(bad[:5])))

    def verify_retries(self, client):
        by_method = collections.defaultdict(list)
        for ack in self.acks.current:
            by_method[ack[1]].append(ack)
        sample = []
        per_method = max(1, self.args.retries // max(1, len(by_method)))
        for method in sorted(by_method):
            sample += self.rng.sample(by_method[method], min(per_method, len(by_method[method])))
        sample += self.rng.sample(self.acks.kept, min(10, len(self.acks.kept)))
        if not sample:
            self.check("there are acknowledged requests to retry", False)
            return
        before, audit_before = self.fingerprint()
        replies = client.pipeline([(method, params) for _, method, params, _ in sample], window=8)
        bad = []
        for (trial, method, params, result), reply in zip(sample, replies):
            if "result" not in reply:
                bad.append(f"{method} of trial {trial}: {describe_error(reply)}")
            elif "idempotencyKey" in params:
                if reply["result"] != result:
                    bad.append(f"{method} {params['idempotencyKey']}: first {short(result, 200)}, retry {short(reply['result'], 200)}")
            else:  # orders.record by its natural key
                got, first = reply["result"], result["order"]
                same = {k: got["order"].get(k) for k in ("id", "externalId", "customerId", "amount", "at")} == \
                       {k: first.get(k) for k in ("id", "externalId", "customerId", "amount", "at")}
                if not same or got.get("created") is not False:
                    bad.append(f"orders.record {params['externalId']} by natural key: first {short(result, 200)}, retry {short(got, 200)}")
        self.check(f"{len(sample)} acknowledged requests retried with their keys answer their first result", not bad,
                   f"{len(bad)} differ: " + " | ".join(bad[:4]))
        after, audit_after = self.fingerprint()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        self.check("the retries changed nothing", not changed, f"changed (before, after): {changed}")
        self.stats["retried"] = len(sample)
        natural = sum(1 for _, m, p, _ in sample if "idempotencyKey" not in p)
        self.stats["audit_rows"] = audit_after - audit_before
        self.stats["natural_retries"] = natural
        if audit_after - audit_before > natural or self.args.verbose:
            self.tally.note(f"trial {self.number}: the {len(sample)} retries wrote {audit_after - audit_before} audit rows; "
                            f"{natural} of them were orders.record retried by externalId only")

    def run(self):
        started = time.monotonic()
        try:
            self.load_and_kill()
            phase = time.monotonic()
            self.stats["load"] = phase - started
            self.verify_files()
            self.stats["files"] = time.monotonic() - phase
            phase = time.monotonic()
            self.verify_through_server()
            self.stats["server"] = time.monotonic() - phase
        except ServerFailedToStart as error:
            self.check("the server starts", False, str(error))
        except Exception as error:  # a surprise in the harness or the protocol is a failed trial, not a crash
            self.check("the trial ran to the end", False, f"{type(error).__name__}: {error}")
        self.stats["seconds"] = time.monotonic() - started
        return self.tally.failed == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rapport", required=True, help="the rapport binary")
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None, help="seed of every random choice (default: from the clock)")
    parser.add_argument("--threads", type=int, default=24, help="client connections writing at once")
    parser.add_argument("--window", type=int, default=4, help="requests each client keeps in flight")
    parser.add_argument("--min-kill", type=float, default=0.3, help="earliest kill, seconds after the load starts")
    parser.add_argument("--max-kill", type=float, default=2.5, help="latest kill")
    parser.add_argument("--retries", type=int, default=36, help="acknowledged requests of each trial to retry")
    parser.add_argument("--workdir", help="where the database goes (default: a new temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every check, not only the failed ones")
    args = parser.parse_args()
    args.rapport = os.path.abspath(args.rapport)
    seed = args.seed if args.seed is not None else int(time.time() * 1000) % 1_000_000
    rng = random.Random(seed)

    workdir = os.path.abspath(args.workdir) if args.workdir else tempfile.mkdtemp(prefix="rapport-kill9-")
    os.makedirs(workdir, exist_ok=True)
    paths = {"db": os.path.join(workdir, "kill9.sqlite"), "socket": os.path.join(workdir, "kill9.sock"),
             "log": os.path.join(workdir, "server.log"), "tag": f"s{seed}"}
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(paths["db"] + suffix):
            os.remove(paths["db"] + suffix)
    print(f"kill9: {args.trials} trials, seed {seed}, {args.threads} threads x {args.window} in flight, "
          f"binary {args.rapport}, work directory {workdir}", flush=True)

    acks = Acks()
    passed = failed = retried = audit_rows = natural = 0
    started = time.monotonic()
    failures = []
    for number in range(1, args.trials + 1):
        trial = Trial(number, args, paths, acks, rng)
        ok = trial.run()
        s = trial.stats
        methods = ", ".join(f"{m.split('.')[-1]} {n}" for m, n in sorted(s.get("by_method", {}).items()))
        print(f"trial {number}/{args.trials}: {'ok' if ok else 'FAILED'} in {s.get('seconds', 0):.1f} s "
              f"(load {s.get('load', 0):.1f}, file checks {s.get('files', 0):.1f}, restart and protocol checks {s.get('server', 0):.1f}); killed after "
              f"{s.get('delay', 0):.2f} s; {s.get('acked', 0)} acknowledged ({methods}), {s.get('unacked', 0)} in flight "
              f"unanswered, {s.get('insufficient', 0)} insufficient_points; {s.get('retried', 0)} retried; "
              f"store: {s.get('rows', {})}", flush=True)
        if ok:
            passed += 1
        else:
            failed += 1
            failures += trial.tally.failures
        retried += s.get("retried", 0)
        audit_rows += s.get("audit_rows", 0)
        natural += s.get("natural_retries", 0)
        acks.end_trial(rng)

    elapsed = time.monotonic() - started
    print(f"retries: {retried} acknowledged requests retried, {natural} of them orders.record by externalId only; "
          f"they wrote {audit_rows} audit rows; "
          + ("retries changed domain tables (see the failures)" if any("the retries changed nothing" in f for f in failures)
             else "they changed no domain table or idempotency key"))
    print(f"totals: {args.trials} trials in {elapsed:.1f} s; {sum(acks.total.values())} acknowledged writes "
          f"({', '.join(f'{m} {n}' for m, n in sorted(acks.total.items()))}); "
          f"{len(acks.customers)} customers, {len(acks.orders)} orders, {len(acks.entries)} earn/redeem entries, "
          f"{len(acks.refunds)} refunds, {len(acks.interactions)} interactions, {len(acks.keys)} idempotency keys checked; "
          f"seed {seed}")
    if failures:
        print("failures:")
        for failure in failures:
            print(f"  - {short(failure, 600)}")
    if not args.keep and not args.workdir and failed == 0:
        shutil.rmtree(workdir, ignore_errors=True)
    elif failed:
        print(f"the database and server log are kept in {workdir}")
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
