"""What the fault-injection scripts in Tests/Faults share, standard library only.

- `Server`: one `rapport serve` subprocess (on a Unix socket or over stdio), started and waited for
  until it answers `server.ping`, stopped gracefully (SIGTERM or end of input) or with `kill -9`.
- `SocketClient` / `StdioClient`: newline-delimited JSON-RPC 2.0 with pipelining. Replies are read
  with our own line buffer, so the complete lines that arrived before a connection broke (the
  server was killed) are still delivered; a torn last line is not.
- `Tally`: named checks, printed as they are made, and the final `N passed, M failed` line.
- `open_ro`: a read-only sqlite3 connection to a database file (never writes the db or its -wal).

The conventions follow Tests/EndToEndTests/Python/rapport_client.py: `RPCError` carries `code`,
`reason` and `data` of an error reply, as `Failure` does there, but a failed check is counted
instead of ending the script, so that one run reports every finding.
"""
import collections
import json
import os
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse


class RPCError(Exception):
    """An error reply: `code`, `reason` (data.reason), `message` and the whole `data`."""

    def __init__(self, method, error):
        data = error.get("data") or {}
        super().__init__(f"{method}: {error.get('code')} {data.get('reason')}: {error.get('message')}")
        self.method = method
        self.code = error.get("code")
        self.message = error.get("message")
        self.data = data
        self.reason = data.get("reason")


class ConnectionClosed(Exception):
    """The server closed the connection (or died) before a complete reply line arrived."""


def describe_error(reply):
    """A one-line text of an error reply: code, reason and message."""
    error = reply.get("error") or {}
    data = error.get("data") or {}
    return f"{error.get('code')} {data.get('reason')}: {error.get('message')}"


class LineRPC:
    """JSON-RPC over a byte stream of lines; subclasses provide `_write(bytes)` and `_recv(timeout)`."""

    def __init__(self, timeout=30.0):
        self.timeout = timeout
        self.buffer = bytearray()
        self.closed = False
        self.next_id = 0
        self.events = []

    # -- framing --------------------------------------------------------------------------------

    def read_line(self, timeout=None):
        """The next complete line (without its newline); raises ConnectionClosed at end of stream."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            newline = self.buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self.buffer[:newline])
                del self.buffer[: newline + 1]
                return line
            if self.closed:
                raise ConnectionClosed("connection closed" + (f" ({len(self.buffer)} bytes of a torn line)" if self.buffer else ""))
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no reply line within {timeout:.0f} s")
            chunk = self._recv(left)
            if chunk is None:
                continue  # timed out this round; the deadline decides
            if not chunk:
                self.closed = True
            else:
                self.buffer += chunk

    def read_reply(self, timeout=None):
        """The next reply object, setting aside server notifications (events)."""
        while True:
            line = self.read_line(timeout)
            if not line.strip():
                continue
            message = json.loads(line)
            if isinstance(message, dict) and message.get("method") == "event" and "id" not in message:
                self.events.append(message.get("params"))
                continue
            return message

    # -- requests -------------------------------------------------------------------------------

    def send(self, method, params=None):
        """Sends one request without waiting; returns its id."""
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            request["params"] = params
        self._write(json.dumps(request, separators=(",", ":")).encode() + b"\n")
        return self.next_id

    def request(self, method, params=None, timeout=None):
        """One request, answered: the raw reply object."""
        sent = self.send(method, params)
        reply = self.read_reply(timeout)
        if reply.get("id") != sent:
            raise RuntimeError(f"{method}: reply for id {reply.get('id')!r}, expected {sent}")
        return reply

    def call(self, method, params=None, timeout=None):
        """One request: its result, or RPCError."""
        reply = self.request(method, params, timeout)
        if "error" in reply:
            raise RPCError(method, reply["error"])
        return reply["result"]

    def pipeline(self, calls, window=32, timeout=None):
        """Sends `calls` ([(method, params)]) keeping up to `window` in flight; the raw replies, in order."""
        replies = []
        pending = collections.deque()
        calls = list(calls)
        index = 0
        while index < len(calls) or pending:
            while index < len(calls) and len(pending) < window:
                method, params = calls[index]
                pending.append((self.send(method, params), method))
                index += 1
            sent, method = pending.popleft()
            reply = self.read_reply(timeout)
            if reply.get("id") != sent:
                raise RuntimeError(f"{method}: reply for id {reply.get('id')!r}, expected {sent}")
            replies.append(reply)
        return replies


class SocketClient(LineRPC):
    """A connection to `rapport serve --socket PATH`."""

    def __init__(self, path, timeout=30.0):
        super().__init__(timeout)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)

    def _write(self, data):
        self.sock.sendall(data)

    def _recv(self, timeout):
        self.sock.settimeout(max(0.01, timeout))
        try:
            return self.sock.recv(65536)
        except socket.timeout:
            return None
        except (ConnectionResetError, BrokenPipeError, OSError):
            return b""  # the peer died: whatever arrived before stays in the buffer

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class StdioClient(LineRPC):
    """Talks to a `rapport serve` subprocess over its standard input and output."""

    def __init__(self, process, timeout=30.0):
        super().__init__(timeout)
        self.process = process

    def _write(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def _recv(self, timeout):
        fd = self.process.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], max(0.01, timeout))
        if not ready:
            return None
        return os.read(fd, 65536)

    def close(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass


class ServerFailedToStart(Exception):
    pass


class Server:
    """One `rapport serve` process. `socket=None` serves over stdio (then `.client` talks to it)."""

    def __init__(self, binary, db, socket_path=None, extra_args=(), log_path=None):
        self.binary = binary
        self.db = db
        self.socket_path = socket_path
        self.args = [binary, "serve", "--db", db] + (["--socket", socket_path] if socket_path else []) + list(extra_args)
        self.log_path = log_path or (db + ".server.log")
        self.process = None
        self.client = None

    def start(self, ready_timeout=30.0):
        """Starts the process and waits until it answers server.ping; raises ServerFailedToStart."""
        self.log = open(self.log_path, "ab")
        self.log.write(f"\n=== {time.strftime('%H:%M:%S')} {' '.join(self.args)}\n".encode())
        self.log.flush()
        stdio = self.socket_path is None
        self.process = subprocess.Popen(
            self.args,
            stdin=subprocess.PIPE if stdio else subprocess.DEVNULL,
            stdout=subprocess.PIPE if stdio else subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + ready_timeout
        if stdio:
            self.client = StdioClient(self.process, timeout=ready_timeout)
            try:
                self.client.call("server.ping", timeout=ready_timeout)
            except (ConnectionClosed, TimeoutError, BrokenPipeError, OSError) as error:
                self._failed(f"no answer to server.ping ({error})")
            self.client.timeout = 30.0
            return self
        while True:
            if self.process.poll() is not None:
                self._failed("exited before it served")
            try:
                probe = SocketClient(self.socket_path, timeout=5)
                try:
                    if probe.call("server.ping") == "pong":
                        return self
                finally:
                    probe.close()
            except (OSError, ConnectionClosed, TimeoutError, RPCError):
                pass
            if time.monotonic() > deadline:
                self._failed(f"not answering on {self.socket_path} after {ready_timeout:.0f} s")
            time.sleep(0.05)

    def _failed(self, why):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        raise ServerFailedToStart(f"{' '.join(self.args[1:])}: {why}; exit status {self.process.returncode}; "
                                  f"stderr: {self.log_tail() or '(empty)'}")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill9(self):
        """kill -9, and wait for the process to be gone."""
        if self.alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._close_log()

    def stop(self, timeout=15.0):
        """A graceful stop (SIGTERM, or end of input over stdio). Returns (exit status, seconds);
        a process that does not exit in time gets kill -9 and status None."""
        if self.process is None:
            return None, 0.0
        started = time.monotonic()
        if self.alive():
            if self.client is not None:
                self.client.close()
            else:
                self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
            status = self.process.returncode
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            status = None
        self._close_log()
        return status, time.monotonic() - started

    def _close_log(self):
        for stream in (getattr(self.process, "stdout", None),):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        log = getattr(self, "log", None)
        if log is not None and not log.closed:
            log.close()

    def log_tail(self, lines=6):
        """The last lines of the server's standard error, for a failure message."""
        try:
            with open(self.log_path, "rb") as handle:
                text = handle.read().decode(errors="replace")
        except OSError:
            return ""
        last = text.rsplit("\n=== ", 1)[-1].splitlines()[1:]
        return " | ".join(line.strip() for line in last[-lines:] if line.strip())


def open_ro(path, timeout=10.0):
    """A read-only sqlite3 connection (mode=ro: SQLite never writes the database or its -wal)."""
    uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


def integrity(path):
    """`PRAGMA integrity_check` of a database file, as one string ("ok" when healthy)."""
    db = open_ro(path)
    try:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())
    finally:
        db.close()


def file_mode(path):
    """The permission bits of a file as '0644', or 'missing'."""
    try:
        return format(os.stat(path).st_mode & 0o777, "04o")
    except FileNotFoundError:
        return "missing"


def short(value, limit=300):
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Tally:
    """Counts named checks; `finish()` prints `N passed, M failed` as the very last line and exits."""

    def __init__(self, quiet=False):
        self.quiet = quiet  # print failed checks only
        self.passed = 0
        self.failed = 0
        self.failures = []

    def check(self, name, ok, detail="", info=""):
        """Counts one check. `detail` says what went wrong (printed on failure); `info` is printed either way."""
        ok = bool(ok)
        if ok:
            self.passed += 1
            if not self.quiet:
                print(f"  ok    {name}" + (f" ({info})" if info else ""), flush=True)
        else:
            self.failed += 1
            text = "; ".join(part for part in (detail, info) if part)
            self.failures.append(f"{name}: {text}" if text else name)
            print(f"  FAIL  {name}" + (f": {text}" if text else ""), flush=True)
        return ok

    def note(self, text):
        print(f"  note  {text}", flush=True)

    def finish(self):
        if self.failures:
            print("failures:")
            for failure in self.failures:
                print(f"  - {short(failure, 600)}")
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)
