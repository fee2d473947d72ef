"""What a greedy, idle, foreign or pipelining client cannot do to the real server.

Run as `python3 hardening_check.py RAPPORT_BINARY [--pings N]`; the Swift suite runs it with the
binary it built. Each check starts its own server on a fresh database and socket:

- a client that pipelines pings and never reads its replies leaves the server's memory bounded
  (it stops reading that client) while another client's pings stay fast, and every request it
  sent is answered once it reads;
- a quiet connection is closed after the idle timeout, a busy one is not;
- one process cannot hold more than --max-connections-per-peer connections; others still can;
- only the server's own user and users named with --allow-uid may connect (when run as root);
- a read pipelined between two writes of one connection sees the first and not the second;
- the database and its log are created private (0600), and a read-only server takes no backup.

The last line is `N passed, M failed`; the exit code is 1 on any failure.
"""
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time

BINARY = sys.argv[1]
PINGS = int(sys.argv[sys.argv.index("--pings") + 1]) if "--pings" in sys.argv else 2_000_000
results = []


def check(name, condition, detail=""):
    results.append(condition)
    print(("ok   " if condition else "FAIL ") + name + (f" ({detail})" if detail else ""), flush=True)


class Server:
    def __init__(self, *flags, read_only_db=None):
        self.directory = tempfile.mkdtemp(prefix="rapport-hardening-")
        self.db = read_only_db or os.path.join(self.directory, "db.sqlite")
        self.socket = os.path.join(self.directory, "r.sock")
        self.stderr = open(os.path.join(self.directory, "stderr.log"), "w")
        self.process = subprocess.Popen([BINARY, "serve", "--db", self.db, "--socket", self.socket, *flags],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.stderr)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                self.connect().close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(self.socket)
        return sock

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.stderr.close()


def call(sock, method, params=None, request_id=1):
    request = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params is not None:
        request["params"] = params
    sock.sendall(json.dumps(request).encode() + b"\n")
    return json.loads(read_line(sock))


def read_line(sock, timeout=10):
    sock.settimeout(timeout)
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(1)
        if not chunk:
            return data.decode() or "null"
        data += chunk
    return data.decode()


def ping_latencies(server, count=50):
    sock = server.connect()
    latencies = []
    for index in range(count):
        started = time.perf_counter()
        reply = call(sock, "server.ping", request_id=index)
        latencies.append((time.perf_counter() - started) * 1000)
        assert reply.get("result") == "pong", reply
    sock.close()
    return sorted(latencies)


def unread_replies_keep_memory_bounded():
    server = Server("--max-unwritten-bytes-per-connection", str(1 << 20))
    baseline = server.rss_kib()
    greedy = server.connect()
    greedy.setblocking(False)
    line = b'{"jsonrpc":"2.0","id":1,"method":"server.ping"}\n'
    chunk = line * 2000
    sent = 0                      # bytes
    target = len(line) * PINGS
    stalled_since = None
    started = time.time()
    while sent < target:
        piece = chunk[sent % len(chunk):] if sent % len(chunk) else chunk
        piece = piece[:target - sent]
        try:
            sent += greedy.send(piece)
            stalled_since = None
        except BlockingIOError:
            stalled_since = stalled_since or time.time()
            if time.time() - stalled_since > 2:
                break
            select.select([], [greedy], [], 0.2)
    peak = server.rss_kib()
    latencies = ping_latencies(server)
    sent_lines = sent // len(line)
    check("a client that never reads stops being read", sent < target or PINGS <= 100_000,
          f"{sent_lines:,} of {PINGS:,} pings accepted before the server stopped reading, in {time.time() - started:.1f} s")
    check("the server's memory stays bounded", peak - baseline < 64 * 1024,
          f"RSS {baseline // 1024} MB before, {peak // 1024} MB with the unread replies")
    median = latencies[len(latencies) // 2]
    check("another client's ping stays under 10 ms", median < 10, f"median {median:.2f} ms, max {latencies[-1]:.2f} ms")

    # Once the greedy client reads, every whole request it sent is answered.
    counted = {"replies": 0}

    def drain():
        buffer = b""
        while True:
            data = greedy.recv(1 << 16)
            if not data:
                break
            buffer += data
            counted["replies"] += buffer.count(b"\n")
            buffer = buffer[buffer.rfind(b"\n") + 1:]

    # One mode for both threads, set before the reader starts: switching it while the other
    # thread is inside recv or send left recv on a non-blocking descriptor (BlockingIOError).
    greedy.settimeout(60)
    reader = threading.Thread(target=drain)
    reader.start()
    rest = len(line) - sent % len(line) if sent % len(line) else 0
    if rest:
        greedy.sendall(line[-rest:])
    greedy.shutdown(socket.SHUT_WR)
    reader.join(120)
    total = sent_lines + (1 if rest else 0)
    check("every request of the greedy client is answered once it reads", counted["replies"] == total,
          f"{counted['replies']:,} replies to {total:,} requests")
    server.stop()


def idle_connections_close():
    server = Server("--idle-timeout-seconds", "1")
    quiet = server.connect()
    busy = server.connect()
    started = time.time()
    for index in range(6):
        time.sleep(0.4)
        assert call(busy, "server.ping", request_id=index)["result"] == "pong"
    quiet.settimeout(5)
    closed = quiet.recv(100) == b""
    check("a quiet connection is closed after the idle timeout", closed and time.time() - started < 5)
    check("a busy connection stays open", call(busy, "server.ping")["result"] == "pong")
    server.stop()


def one_process_cannot_take_every_connection():
    server = Server("--max-connections-per-peer", "2")
    time.sleep(0.5)  # the server counts the probe connection of Server() out once it sees it closed
    held = [server.connect(), server.connect()]
    for sock in held:
        assert call(sock, "server.ping")["result"] == "pong"
    extra = server.connect()
    refusal = json.loads(read_line(extra))
    check("a third connection of one process is refused with limit_exceeded",
          refusal.get("error", {}).get("data", {}).get("limit") == "maxConnectionsPerPeer", str(refusal))
    other = subprocess.run([sys.executable, "-c", f"""
import json, socket
s = socket.socket(socket.AF_UNIX); s.connect({server.socket!r})
s.sendall(b'{{"jsonrpc":"2.0","id":1,"method":"server.ping"}}\\n')
print(s.makefile().readline().strip())
"""], capture_output=True, text=True, timeout=20)
    check("another process still connects", '"pong"' in other.stdout, other.stdout + other.stderr)
    server.stop()


def foreign_users_need_allow_uid():
    if os.geteuid() != 0:
        check("(skipped: --allow-uid needs root to act as other users)", True)
        return
    server = Server("--allow-uid", "65534")
    os.chmod(server.directory, 0o755)
    mode = os.stat(server.socket).st_mode & 0o777

    def as_user(uid):
        return subprocess.run([sys.executable, "-c", f"""
import os, socket
os.setgid({uid}); os.setuid({uid})
s = socket.socket(socket.AF_UNIX); s.connect({server.socket!r})
try:
    s.sendall(b'{{"jsonrpc":"2.0","id":1,"method":"server.ping"}}\\n')
except BrokenPipeError:
    pass  # refused: the server answered and closed before the request went out
print(s.makefile().readline().strip())
"""], capture_output=True, text=True, timeout=20).stdout

    check("with --allow-uid the socket is open to other users", mode == 0o666, oct(mode))
    check("an allowed user is served", '"pong"' in as_user(65534))
    refused = as_user(65533)
    check("any other user is refused with not_allowed", '"not_allowed"' in refused, refused.strip())
    server.stop()
    private = Server()
    check("without --allow-uid the socket is private", os.stat(private.socket).st_mode & 0o777 == 0o600)
    private.stop()


def pipelined_reads_see_earlier_writes_only():
    server = Server()
    sock = server.connect()
    wrong = 0
    for round_ in range(30):
        lines = []
        for step, name in enumerate(["A", "B", "C"]):
            lines.append({"jsonrpc": "2.0", "id": f"{round_}-w{step}", "method": "store.configure", "params": {"name": f"{name}{round_}"}})
            lines.append({"jsonrpc": "2.0", "id": f"{round_}-r{step}", "method": "store.settings"})
        sock.sendall(b"".join(json.dumps(line).encode() + b"\n" for line in lines))
        for step, name in enumerate(["A", "B", "C"]):
            assert json.loads(read_line(sock))["id"] == f"{round_}-w{step}"
            settings = json.loads(read_line(sock))["result"]
            wrong += settings["name"] != f"{name}{round_}"
    check("a pipelined read sees the write before it and not the one after", wrong == 0, f"{wrong} of 90 reads saw another write")
    sock.close()
    modes = {suffix: os.stat(server.db + suffix).st_mode & 0o777 for suffix in ["", "-wal", "-shm"]}
    check("the database, its log and shared memory are private", all(mode == 0o600 for mode in modes.values()),
          ", ".join(f"db{suffix} {oct(mode)}" for suffix, mode in modes.items()))
    server.stop()
    reader = Server("--read-only", read_only_db=server.db)
    sock = reader.connect()
    refused = call(sock, "server.backup", {"to": "copy.sqlite"})
    check("a read-only server takes no backup", refused.get("error", {}).get("data", {}).get("reason") == "read_only", str(refused))
    reader.stop()


for scenario in [unread_replies_keep_memory_bounded, idle_connections_close, one_process_cannot_take_every_connection,
                 foreign_users_need_allow_uid, pipelined_reads_see_earlier_writes_only]:
    try:
        scenario()
    except Exception as error:  # a scenario that breaks is a failure, and the others still run
        check(f"{scenario.__name__} ran", False, repr(error))

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
