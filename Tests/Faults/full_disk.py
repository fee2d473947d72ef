#!/usr/bin/env python3
"""A full disk and a read-only disk: the server refuses writes cleanly and keeps serving reads.

The database lives on a small tmpfs (8 MiB by default) that the script mounts, so it needs root
and a sandbox that allows `mount -t tmpfs`; when mounting is refused it says so and reports
`0 passed, 0 failed` (exit 0). The tmpfs is unmounted at the end whatever happens.

What it proves:

1. Disk full while serving: with `rapport serve --socket` running on the tmpfs, a filler file
   takes every free block. Writes then answer an error with `data.reason` "unavailable" (code
   -32002): never -32603, never a dropped connection or a dead server. Writes that were refused
   left nothing behind (no phantom customer). Reads still answer (`server.ping`, `server.info`,
   `customers.get`, `loyalty.balance`, `orders.list`, `loyalty.check`), and a new connection is
   accepted. After the filler is deleted, writes succeed again, what was acknowledged while the
   disk was full is all there, the refused writes can be retried with their keys, `loyalty.check`
   is clean and `PRAGMA integrity_check` is ok.
2. Read-only server on a full disk: with the disk full again, the server is stopped (SIGTERM: it
   must exit, not crash) and `rapport serve --read-only` is started on the same database over
   stdio. It must start, answer reads (the customers written before, `loyalty.check` clean,
   `server.info.readOnly` true) and refuse a write with `read_only`. Twice: with the -wal and
   -shm files the server left, and with none (the database last closed by an SQLite tool, which
   checkpoints and deletes them), when SQLite has to create a -shm on the full disk.
3. Read-only file system: the tmpfs is remounted read-only (`mount -o remount,ro`) after a clean
   stop, after a `kill -9` (a -wal with unmerged writes left beside the database) and with no
   -wal or -shm at all, and each time `rapport serve --read-only` must open the store and serve
   reads, including, after the kill, a write that was acknowledged just before it.

The last line is `N passed, M failed` over the checks; the exit status is 1 when any failed.

Usage: python3 Tests/Faults/full_disk.py --rapport BINARY [--size 8m]
"""
import argparse
import collections
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultkit import (Server, ServerFailedToStart, SocketClient, Tally, describe_error,  # noqa: E402
                      integrity, short)


def run(*command):
    """Runs a command; (exit status, its output)."""
    done = subprocess.run(list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return done.returncode, " ".join(done.stdout.split())


def fill(path):
    """Appends zeros to `path` until the file system is full; the bytes written."""
    written = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (1 << 20, 1 << 16, 4096, 512, 1):
            block = b"\0" * size
            while True:
                try:
                    written += os.write(fd, block)
                except OSError as error:
                    if error.errno in (errno.ENOSPC, errno.EDQUOT):
                        break
                    raise
    finally:
        os.close(fd)
    return written


def free_bytes(path):
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


def listing(directory):
    """The files of a directory with their sizes, for the log."""
    try:
        return ", ".join(f"{name} {os.path.getsize(os.path.join(directory, name))}" for name in sorted(os.listdir(directory)))
    except OSError as error:
        return str(error)


class FullDisk:
    def __init__(self, args, tally):
        self.args, self.tally = args, tally
        self.work = tempfile.mkdtemp(prefix="rapport-full-")
        self.mount_point = os.path.join(self.work, "disk")
        self.db = os.path.join(self.mount_point, "rapport.sqlite")
        self.filler = os.path.join(self.mount_point, "filler")
        self.socket = os.path.join(self.work, "rapport.sock")  # off the tmpfs: it must work while that is read-only
        self.log = os.path.join(self.work, "server.log")
        self.servers = []
        self.mounted = False
        self.seq = 0

    def check(self, name, ok, detail="", info=""):
        return self.tally.check(name, ok, detail, info)

    def key(self, kind):
        self.seq += 1
        return f"full-{kind}-{self.seq}"

    # -- the tmpfs -----------------------------------------------------------------------------

    def mount(self):
        """Mounts the tmpfs; None when it worked, else why not."""
        if os.geteuid() != 0:
            return "not running as root"
        os.makedirs(self.mount_point)
        status, output = run("mount", "-t", "tmpfs", "-o", f"size={self.args.size},mode=0700", "tmpfs", self.mount_point)
        if status != 0:
            return f"`mount -t tmpfs -o size={self.args.size} tmpfs {self.mount_point}` failed ({status}): {output or 'no message'}"
        self.mounted = True
        return None

    def remount(self, mode):
        status, output = run("mount", "-o", f"remount,{mode}", self.mount_point)
        if status != 0:
            raise RuntimeError(f"mount -o remount,{mode} {self.mount_point} failed ({status}): {output}")

    def cleanup(self):
        for server in self.servers:
            if server.alive():
                server.kill9()
        if self.mounted:
            for attempt in range(10):
                status, output = run("umount", self.mount_point)
                if status == 0:
                    self.mounted = False
                    break
                time.sleep(0.3)
            else:
                status, output = run("umount", "-l", self.mount_point)
                self.mounted = status != 0
                print(f"  note  umount needed -l: {output}")
            if self.mounted:
                print(f"  WARNING: {self.mount_point} is still mounted: {output}")
        if not self.mounted:
            shutil.rmtree(self.work, ignore_errors=True)

    def server(self, *extra, socket=True):
        server = Server(self.args.rapport, self.db, self.socket if socket else None, extra_args=extra, log_path=self.log)
        self.servers.append(server)
        return server

    # -- 1: disk full while serving --------------------------------------------------------------

    def write_request(self, index, big):
        """One write that needs new pages: a customer with a large attribute, an order or an earn."""
        kind = index % 3
        if kind == 0:
            key = self.key("cus")
            return "customers.create", {"externalId": key, "name": f"Full Disk {index}",
                                        "attributes": {"padding": "x" * big}, "idempotencyKey": key}
        if kind == 1:
            key = self.key("ord")
            return "orders.record", {"customerId": self.customer, "externalId": key, "amount": 50_000 + index,
                                     "idempotencyKey": key}
        return "loyalty.earn", {"customerId": self.customer, "points": 10, "reason": "full-disk test",
                                "idempotencyKey": self.key("earn")}

    def reads(self, client, what):
        """Every read the brief names; a check per read."""
        calls = [("server.ping", None), ("server.info", None), ("customers.get", {"externalId": "full-anna"}),
                 ("loyalty.balance", {"customerId": self.customer}), ("orders.list", {"customerId": self.customer, "limit": 5}),
                 ("loyalty.check", {})]
        for method, params in calls:
            try:
                reply = client.request(method, params, timeout=20)
            except Exception as error:
                self.check(f"{what}: {method} answers", False, f"{type(error).__name__}: {error}")
                continue
            ok = "result" in reply
            if method == "loyalty.check" and ok:
                ok = reply["result"].get("mismatches") == []
            if method == "customers.get" and ok:
                ok = reply["result"].get("id") == self.customer
            self.check(f"{what}: {method} answers", ok, describe_error(reply) if "error" in reply else short(reply.get("result"), 200))

    def disk_full_while_serving(self):
        print("1. disk full while the server runs", flush=True)
        server = self.server().start()
        client = SocketClient(self.socket, timeout=30)
        anna = client.call("customers.create", {"externalId": "full-anna", "name": "Anna Full", "idempotencyKey": "full-anna"})
        self.customer = anna["id"]
        client.call("orders.record", {"customerId": self.customer, "externalId": "full-first", "amount": 120_000})
        client.call("loyalty.earn", {"customerId": self.customer, "points": 500, "reason": "setup", "idempotencyKey": "full-setup"})
        self.check("writes work before the disk fills", True, info=listing(self.mount_point))

        filled = fill(self.filler)
        self.tally.note(f"filler of {filled} bytes; {free_bytes(self.mount_point)} bytes free; {listing(self.mount_point)}")

        acknowledged, refused = [], []
        errors = collections.Counter()
        broken = None
        consecutive = 0
        for index in range(self.args.max_writes):
            method, params = self.write_request(index, big=30_000)
            try:
                reply = client.request(method, params, timeout=30)
            except Exception as error:
                broken = f"{method}: {type(error).__name__}: {error}"
                break
            if "result" in reply:
                acknowledged.append((method, params, reply["result"]))
                consecutive = 0
            else:
                error = reply["error"]
                errors[(error.get("code"), (error.get("data") or {}).get("reason"), error.get("message"))] += 1
                refused.append((method, params))
                consecutive += 1
                if consecutive >= 12:
                    break
        summary = "; ".join(f"{count} x {code} {reason}: {message}" for (code, reason, message), count in errors.items())
        self.tally.note(f"{len(acknowledged)} writes acknowledged and {len(refused)} refused with the disk full: {summary or 'none refused'}")
        self.check("the connection survives writes on a full disk", broken is None, broken or "")
        self.check("writes fail once the disk is full", refused, f"all {len(acknowledged)} writes succeeded")
        wrong = {k: n for k, n in errors.items() if k[0] != -32002 or k[1] != "unavailable"}
        self.check('every refused write answers -32002 with data.reason "unavailable"', refused and not wrong,
                   "; ".join(f"{n} x {c} {r}: {m}" for (c, r, m), n in wrong.items()), info=summary)
        internal = sum(n for k, n in errors.items() if k[0] == -32603)
        self.check("no write answers -32603 (internal)", internal == 0, f"{internal} answered -32603")
        self.check("the server stays up with the disk full", server.alive(), f"exit status {server.process.returncode}; {server.log_tail()}")
        if not server.alive():
            return
        self.reads(client, "disk full, same connection")
        try:
            other = SocketClient(self.socket, timeout=20)
            self.check("disk full: a new connection is accepted and answered", other.call("server.ping") == "pong")
            other.close()
        except Exception as error:
            self.check("disk full: a new connection is accepted and answered", False, f"{type(error).__name__}: {error}")

        phantoms = []
        for method, params in refused:
            if method == "customers.create":
                reply = client.request("customers.get", {"externalId": params["externalId"]})
                if "result" in reply:
                    phantoms.append(params["externalId"])
        self.check("a refused customers.create left no customer behind", not phantoms, f"found: {phantoms[:5]}")

        os.remove(self.filler)
        self.tally.note(f"filler deleted; {free_bytes(self.mount_point)} bytes free")
        attempts, first = 0, None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            attempts += 1
            method, params = self.write_request(1, big=100)
            reply = client.request(method, params)
            if "result" in reply:
                first = reply
                break
            time.sleep(0.5)
        self.check("writes succeed again after the filler is deleted", first is not None,
                   f"still refused after {attempts} attempts: {describe_error(reply)}", info=f"attempt {attempts}")
        failures = []
        for index in range(30):
            method, params = self.write_request(index, big=1000)
            reply = client.request(method, params)
            if "error" in reply:
                failures.append(f"{method}: {describe_error(reply)}")
        redeem = client.request("loyalty.redeem", {"customerId": self.customer, "points": 5, "idempotencyKey": self.key("red")})
        if "error" in redeem:
            failures.append(f"loyalty.redeem: {describe_error(redeem)}")
        self.check("30 more writes and a redemption succeed after the filler is deleted", not failures, " | ".join(failures[:5]))

        missing = []
        for method, params, result in acknowledged:
            if method == "customers.create":
                reply = client.request("customers.get", {"externalId": params["externalId"]})
                if reply.get("result", {}).get("id") != result["id"]:
                    missing.append(params["externalId"])
        orders = set()
        cursor = None
        while True:
            page = client.call("orders.list", {"customerId": self.customer, "limit": 1000, "cursor": cursor})
            orders |= {o["externalId"] for o in page["items"]}
            cursor = page["nextCursor"]
            if not cursor:
                break
        missing += [p["externalId"] for m, p, _ in acknowledged if m == "orders.record" and p["externalId"] not in orders]
        self.check(f"the {len(acknowledged)} writes acknowledged with the disk full are all there", not missing, f"missing: {missing[:5]}")

        retried = [client.request(m, p) for m, p in refused]
        bad = [describe_error(r) for r in retried if "error" in r]
        self.check(f"the {len(refused)} refused writes succeed when retried with their keys", not bad, " | ".join(bad[:3]))
        check = client.call("loyalty.check", {})
        self.check("loyalty.check is clean after the disk-full episode", check.get("mismatches") == [], short(check))
        self.check("PRAGMA integrity_check is ok after the disk-full episode", integrity(self.db) == "ok", integrity(self.db))
        client.close()
        self.running = server

    # -- 2: read-only server on a full disk ------------------------------------------------------

    def read_only_server_checks(self, what, expect_customers):
        """Starts `rapport serve --read-only` over stdio and checks it answers reads and refuses writes."""
        server = self.server("--read-only", socket=False)
        try:
            server.start(ready_timeout=20)
        except ServerFailedToStart as error:
            self.check(f"{what}: rapport serve --read-only starts", False, str(error))
            return
        self.check(f"{what}: rapport serve --read-only starts", True)
        client = server.client
        try:
            info = client.call("server.info")
            self.check(f"{what}: server.info says readOnly", info.get("readOnly") is True, short(info))
            for external in expect_customers:
                reply = client.request("customers.get", {"externalId": external})
                self.check(f"{what}: customers.get {external} answers", "result" in reply, describe_error(reply))
            reply = client.request("loyalty.balance", {"customerId": self.customer})
            self.check(f"{what}: loyalty.balance answers", "result" in reply, describe_error(reply))
            reply = client.request("loyalty.check", {})
            self.check(f"{what}: loyalty.check answers clean", reply.get("result", {}).get("mismatches") == [],
                       describe_error(reply) if "error" in reply else short(reply.get("result")))
            reply = client.request("loyalty.earn", {"customerId": self.customer, "points": 1, "reason": "must be refused",
                                                    "idempotencyKey": self.key("ro")})
            reason = (reply.get("error", {}).get("data") or {}).get("reason")
            self.check(f"{what}: a write is refused with read_only", reason == "read_only",
                       describe_error(reply) if "error" in reply else f"it was accepted: {short(reply.get('result'), 120)}")
        except Exception as error:
            self.check(f"{what}: the read-only server answers", False, f"{type(error).__name__}: {error}; {server.log_tail()}")
        finally:
            status, seconds = server.stop()
            self.check(f"{what}: the read-only server exits at end of input", status == 0, server.log_tail(),
                       info=f"exit status {status} after {seconds:.1f} s")

    def checkpoint_away(self):
        """Closes the database the way the sqlite3 shell or any SQLite tool does when it is the last
        one out: a full checkpoint, after which SQLite deletes the -wal and -shm files."""
        db = sqlite3.connect(self.db)
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
        return listing(self.mount_point)

    def read_only_on_full_disk(self):
        print("2. --read-only on a full disk", flush=True)
        server = getattr(self, "running", None)
        filled = fill(self.filler)
        self.tally.note(f"disk filled again ({filled} bytes); {listing(self.mount_point)}")
        if server is not None and server.alive():
            status, seconds = server.stop()
            self.check("the server stops on SIGTERM with the disk full (no crash, no hang)", status is not None and status >= 0,
                       server.log_tail(), info=f"exit status {status} after {seconds:.1f} s")
        self.tally.note(f"after the stop: {listing(self.mount_point)}")
        self.read_only_server_checks("disk full, -wal and -shm left by the server", ["full-anna"])
        os.remove(self.filler)

        self.tally.note(f"checkpointed and closed by sqlite3: {self.checkpoint_away()}")
        filled = fill(self.filler)
        self.tally.note(f"disk filled again ({filled} bytes); {listing(self.mount_point)}")
        self.read_only_server_checks("disk full, no -wal or -shm (last closed by an SQLite tool)", ["full-anna"])
        os.remove(self.filler)

    # -- 3: read-only file system ------------------------------------------------------------------

    def read_only_file_system(self):
        print("3. --read-only on a file system remounted read-only", flush=True)
        # a) after a clean stop
        server = self.server().start()
        client = SocketClient(self.socket)
        client.call("customers.create", {"externalId": "ro-clean", "idempotencyKey": "ro-clean"})
        client.close()
        status, _ = server.stop()
        self.remount("ro")
        try:
            probe = os.path.join(self.mount_point, "probe")
            try:
                open(probe, "w").close()
                self.check("the remount made the file system read-only", False, f"created {probe}")
            except OSError as error:
                self.check("the remount made the file system read-only", error.errno == errno.EROFS, str(error))
            self.tally.note(f"after a clean stop (exit status {status}): {listing(self.mount_point)}")
            self.read_only_server_checks("read-only mount after a clean stop", ["full-anna", "ro-clean"])
        finally:
            self.remount("rw")

        # b) after kill -9: the -wal holds writes not yet in the database file
        server = self.server().start()
        client = SocketClient(self.socket)
        client.call("customers.create", {"externalId": "ro-crash", "idempotencyKey": "ro-crash"})
        client.close()
        server.kill9()
        self.remount("ro")
        try:
            self.tally.note(f"after kill -9: {listing(self.mount_point)}")
            self.read_only_server_checks("read-only mount after kill -9", ["full-anna", "ro-clean", "ro-crash"])
        finally:
            self.remount("rw")

        # c) with no -wal or -shm beside the database (last closed by an SQLite tool)
        self.tally.note(f"checkpointed and closed by sqlite3: {self.checkpoint_away()}")
        self.remount("ro")
        try:
            self.read_only_server_checks("read-only mount, no -wal or -shm", ["full-anna", "ro-clean", "ro-crash"])
        finally:
            self.remount("rw")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rapport", required=True, help="the rapport binary")
    parser.add_argument("--size", default="8m", help="size of the tmpfs (mount's size= option)")
    parser.add_argument("--max-writes", type=int, default=400, help="most writes tried with the disk full")
    args = parser.parse_args()
    args.rapport = os.path.abspath(args.rapport)
    tally = Tally()
    test = FullDisk(args, tally)
    why_not = test.mount()
    if why_not:
        shutil.rmtree(test.work, ignore_errors=True)
        print(f"SKIPPED: cannot mount a tmpfs here, so the full-disk checks cannot run: {why_not}")
        print("0 passed, 0 failed")
        sys.exit(0)
    print(f"full_disk: binary {args.rapport}, tmpfs of {args.size} on {test.mount_point}", flush=True)
    started = time.monotonic()
    try:
        for scenario in (test.disk_full_while_serving, test.read_only_on_full_disk, test.read_only_file_system):
            try:
                scenario()
            except Exception as error:  # one scenario's surprise must not hide the others
                tally.check(f"{scenario.__name__} ran to the end", False, f"{type(error).__name__}: {error}")
                for server in test.servers:
                    if server.alive():
                        server.kill9()
                if os.path.exists(test.filler):
                    os.remove(test.filler)
    finally:
        test.cleanup()
    print(f"full_disk took {time.monotonic() - started:.1f} s; tmpfs unmounted: {not test.mounted}")
    tally.finish()


if __name__ == "__main__":
    main()
