#!/usr/bin/env python3
"""`server.backup` under a write load makes consistent, private, openable snapshots.

What it proves:

1. A server runs with `--backup-dir DIR/backups` (where `server.backup {to}` takes a plain file
   name and creates it inside that directory). A binary without that flag is detected by trying:
   it refuses the option, and the script falls back to starting it without the flag and passing
   `to` as a full path inside the same directory. The mode in use is printed.
2. Writer threads (default 8, each on its own connection, a few requests in flight) record orders
   that earn points and redeem points (insufficient_points is a fine answer) for a few seconds;
   meanwhile 3 backups are taken. Around each call the live database's order count is read
   (read-only sqlite3), before and after.
3. Each backup: is a file of mode 0600; `PRAGMA integrity_check` is ok; its order count lies
   between the counts before and after its call (a snapshot of one moment during the call);
   customer totals equal their orders; `rapport serve --read-only --db BACKUP` over stdio starts,
   says `readOnly`, and reports `loyalty.check` clean.
4. A backup never overwrites: repeating a `to` answers `conflict` and leaves the file alone. With
   `--backup-dir`, a `to` that is not a plain file name (`../x`, an absolute path) is refused and
   creates nothing.
5. The live database, -wal and -shm files are reported with their modes and must be 0600 (the
   design's "private to their owner"). The script sets umask 022 (the common default) so that
   the result does not depend on the caller's umask.

The last line is `N passed, M failed` over the checks; the exit status is 1 when any failed.

Usage: python3 Tests/Faults/backup_under_load.py --rapport BINARY [--seconds 4] [--threads 8] [--backups 3]
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
from faultkit import (ConnectionClosed, Server, ServerFailedToStart, SocketClient, Tally, describe_error,  # noqa: E402
                      file_mode, open_ro, short)


class Writer(threading.Thread):
    """Orders with points and redemptions over one connection, `window` in flight, until told to stop."""

    def __init__(self, index, socket_path, customers, stop, seed, window=4):
        super().__init__(daemon=True, name=f"writer-{index}")
        self.index, self.socket_path, self.customers, self.stop_event = index, socket_path, customers, stop
        self.rng, self.window = random.Random(seed), window
        self.acknowledged = collections.Counter()
        self.refused = collections.Counter()
        self.unexpected = []
        self.seq = 0

    def request(self):
        self.seq += 1
        customer = self.rng.choice(self.customers)
        key = f"bk-w{self.index}-{self.seq}"
        if self.rng.random() < 0.7:
            return "orders.record", {"customerId": customer, "externalId": key, "amount": self.rng.randrange(2000, 300_000),
                                     "idempotencyKey": key}
        return "loyalty.redeem", {"customerId": customer, "points": self.rng.randint(1, 40), "idempotencyKey": key}

    def run(self):
        client = SocketClient(self.socket_path, timeout=30)
        pending = collections.deque()
        try:
            while True:
                while not self.stop_event.is_set() and len(pending) < self.window:
                    method, params = self.request()
                    pending.append((client.send(method, params), method, params))
                if not pending:
                    break
                reply = client.read_reply()
                sent, method, params = pending.popleft()
                if reply.get("id") != sent:
                    self.unexpected.append(f"reply id {reply.get('id')!r} for {sent}")
                    break
                if "result" in reply:
                    self.acknowledged[method] += 1
                elif (reply["error"].get("data") or {}).get("reason") == "insufficient_points":
                    self.refused["insufficient_points"] += 1
                else:
                    self.unexpected.append(f"{method} {short(params, 120)} -> {describe_error(reply)}")
        except (ConnectionClosed, TimeoutError, OSError) as error:
            self.unexpected.append(f"connection: {type(error).__name__}: {error}")
        finally:
            client.close()


class BackupUnderLoad:
    def __init__(self, args, tally):
        self.args, self.tally = args, tally
        self.work = tempfile.mkdtemp(prefix="rapport-backup-")
        self.db = os.path.join(self.work, "live.sqlite")
        self.socket = os.path.join(self.work, "rapport.sock")
        self.backups = os.path.join(self.work, "backups")
        self.log = os.path.join(self.work, "server.log")
        self.server = None
        self.mode = None  # "backup-dir" or "path"

    def check(self, name, ok, detail="", info=""):
        return self.tally.check(name, ok, detail, info)

    def order_count(self, path=None):
        db = open_ro(path or self.db)
        try:
            return db.execute('SELECT count(*) FROM "order"').fetchone()[0]
        finally:
            db.close()

    def to(self, name):
        """What `server.backup` takes as `to` in the mode in use."""
        return name if self.mode == "backup-dir" else os.path.join(self.backups, name)

    def start(self):
        os.makedirs(self.backups, mode=0o700)
        server = Server(self.args.rapport, self.db, self.socket, extra_args=["--backup-dir", self.backups], log_path=self.log)
        try:
            self.server = server.start()
            self.mode = "backup-dir"
        except ServerFailedToStart:
            said = [line for line in server.log_tail(20).split(" | ") if "backup-dir" in line]
            if not said:
                raise  # it failed for another reason
            self.tally.note(f"this binary refuses --backup-dir ({said[0]}); falling back to server.backup with full paths")
            self.server = Server(self.args.rapport, self.db, self.socket, log_path=self.log).start()
            self.mode = "path"
        print(f"backup mode: {self.mode}", flush=True)

    def run(self):
        self.start()
        client = SocketClient(self.socket, timeout=120)
        customers = []
        for index in range(16):
            customer = client.call("customers.create", {"externalId": f"bk-cus-{index}", "idempotencyKey": f"bk-cus-{index}"})
            client.call("loyalty.earn", {"customerId": customer["id"], "points": 3000, "reason": "backup test",
                                         "idempotencyKey": f"bk-earn-{index}"})
            customers.append(customer["id"])

        stop = threading.Event()
        rng = random.Random(self.args.seed)
        writers = [Writer(i, self.socket, customers, stop, rng.randrange(1 << 30)) for i in range(self.args.threads)]
        started = time.monotonic()
        for writer in writers:
            writer.start()
        taken = []
        for number in range(1, self.args.backups + 1):
            moment = started + self.args.seconds * number / (self.args.backups + 1)
            time.sleep(max(0.0, moment - time.monotonic()))
            name = f"backup-{number}.sqlite"
            before = self.order_count()
            reply = client.request("server.backup", {"to": self.to(name)}, timeout=120)
            after = self.order_count()
            ok = self.check(f"backup {number} during the load answers", "result" in reply, describe_error(reply),
                            info=short(reply.get("result"), 200) if "result" in reply else "")
            if ok:
                taken.append((number, os.path.join(self.backups, name), reply["result"], before, after))
        time.sleep(max(0.0, started + self.args.seconds - time.monotonic()))
        stop.set()
        for writer in writers:
            writer.join(60)
        acknowledged = sum((w.acknowledged for w in writers), collections.Counter())
        unexpected = [text for w in writers for text in w.unexpected]
        self.check("the writers got no unexpected errors", not unexpected, " | ".join(unexpected[:5]),
                   info=f"{dict(acknowledged)} acknowledged, "
                        f"{sum(w.refused['insufficient_points'] for w in writers)} insufficient_points "
                        f"in {time.monotonic() - started:.1f} s")
        self.tally.note("orders in the live database before and after each call: " +
                        ", ".join(f"backup {n}: {b}..{a}" for n, _, _, b, a in taken))

        self.no_overwrite(client, taken)
        if self.mode == "backup-dir":
            self.confined(client)
        client.close()

        live = {suffix or "database": file_mode(self.db + suffix) for suffix in ("", "-wal", "-shm")}
        self.tally.note("live files: " + ", ".join(f"{name} {mode}" for name, mode in live.items()))
        for name, mode in live.items():
            self.check(f"the live {name} file is private (0600)", mode == "0600", f"mode {mode}")

        status, seconds = self.server.stop()
        self.check("the server stops on SIGTERM", status == 0, self.server.log_tail(), info=f"exit status {status} after {seconds:.1f} s")
        for number, path, result, before, after in taken:
            self.verify_backup(number, path, result, before, after)

    def no_overwrite(self, client, taken):
        if not taken:
            return
        number, path, _, _, _ = taken[0]
        size, mtime = os.path.getsize(path), os.stat(path).st_mtime_ns
        reply = client.request("server.backup", {"to": self.to(os.path.basename(path))})
        reason = (reply.get("error", {}).get("data") or {}).get("reason")
        self.check("a backup to an existing file answers conflict", reason == "conflict",
                   describe_error(reply) if "error" in reply else f"it answered {short(reply.get('result'), 150)}")
        self.check("and leaves that file alone", (os.path.getsize(path), os.stat(path).st_mtime_ns) == (size, mtime))

    def confined(self, client):
        outside = os.path.join(self.work, "escaped.sqlite")
        for to in ("../escaped.sqlite", outside):
            reply = client.request("server.backup", {"to": to})
            self.check(f"--backup-dir refuses to {to!r}", "error" in reply and not os.path.exists(outside),
                       f"answered {short(reply.get('result'), 150)}; {outside} exists: {os.path.exists(outside)}",
                       info=describe_error(reply) if "error" in reply else "")
            if os.path.exists(outside):
                os.remove(outside)

    def verify_backup(self, number, path, result, before, after):
        what = f"backup {number}"
        if not self.check(f"{what}: the file is in the backup directory", os.path.isfile(path), f"no {path}; result {short(result)}"):
            return
        self.check(f"{what}: the file is private (0600)", file_mode(path) == "0600", f"mode {file_mode(path)}")
        try:
            db = open_ro(path)
            try:
                rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
                journal = db.execute("PRAGMA journal_mode").fetchone()[0]
                count = db.execute('SELECT count(*) FROM "order"').fetchone()[0]
                totals = db.execute("""
                    SELECT count(*) FROM customer c
                    LEFT JOIN (SELECT customer_id, count(*) AS n, sum(amount - refunded) AS net FROM "order" GROUP BY customer_id) o
                        ON o.customer_id = c.id
                    WHERE c.order_count != coalesce(o.n, 0) OR c.total_spent != coalesce(o.net, 0)""").fetchone()[0]
            finally:
                db.close()
        except Exception as error:
            self.check(f"{what}: sqlite3 opens it", False, f"{type(error).__name__}: {error}")
            return
        self.check(f"{what}: PRAGMA integrity_check is ok", rows == ["ok"], short(str(rows)), info=f"journal_mode {journal}")
        self.check(f"{what}: its order count lies between the counts before and after the call", before <= count <= after,
                   f"{count} orders, {before} before the call and {after} after", info=f"{before} <= {count} <= {after}")
        self.check(f"{what}: customer totals equal their orders", totals == 0, f"{totals} customers disagree")

        server = Server(self.args.rapport, path, None, extra_args=["--read-only"], log_path=self.log)
        try:
            server.start(ready_timeout=20)
        except ServerFailedToStart as error:
            self.check(f"{what}: rapport serve --read-only --db BACKUP starts", False, str(error))
            return
        self.check(f"{what}: rapport serve --read-only --db BACKUP starts", True)
        try:
            info = server.client.call("server.info")
            self.check(f"{what}: server.info says readOnly", info.get("readOnly") is True, short(info))
            check = server.client.call("loyalty.check", {})
            self.check(f"{what}: loyalty.check is clean", check.get("mismatches") == [] and check.get("accounts", 0) > 0,
                       short(check), info=f"{check.get('accounts')} accounts")
        except Exception as error:
            self.check(f"{what}: the read-only server answers", False, f"{type(error).__name__}: {error}; {server.log_tail()}")
        finally:
            server.stop()
        extra = [f"{os.path.basename(path)}{s} {file_mode(path + s)}" for s in ("-wal", "-shm") if os.path.exists(path + s)]
        if extra:
            self.tally.note(f"{what}: opening it read-only left {', '.join(extra)}")

    def cleanup(self, keep):
        if self.server is not None and self.server.alive():
            self.server.kill9()
        if keep:
            print(f"the work directory is kept in {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rapport", required=True, help="the rapport binary")
    parser.add_argument("--seconds", type=float, default=4.0, help="how long the writers run")
    parser.add_argument("--threads", type=int, default=8, help="writer connections")
    parser.add_argument("--backups", type=int, default=3, help="backups taken during the load")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    args.rapport = os.path.abspath(args.rapport)
    os.umask(0o022)  # the common default: files come out 0644 unless the server makes them private
    tally = Tally()
    test = BackupUnderLoad(args, tally)
    print(f"backup_under_load: binary {args.rapport}, work directory {test.work}", flush=True)
    started = time.monotonic()
    try:
        test.run()
    except Exception as error:
        tally.check("the test ran to the end", False, f"{type(error).__name__}: {error}")
    finally:
        test.cleanup(args.keep)
    print(f"backup_under_load took {time.monotonic() - started:.1f} s")
    tally.finish()


if __name__ == "__main__":
    main()
