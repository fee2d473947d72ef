"""The JSON-RPC client the end-to-end scripts share: standard library only, one request at a time
over a Unix socket, server events collected on the side, and the checks that stop a script at the
first surprise."""
import json
import socket
import sys
import time


class Rapport:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(path)
        self.lines = self.sock.makefile("rb")
        self.next_id = 0
        self.events = []

    def read_message(self):
        line = self.lines.readline()
        if not line:
            raise RuntimeError("server closed the connection")
        return json.loads(line)

    def call(self, method, **params):
        self.next_id += 1
        self.sock.sendall(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}).encode() + b"\n")
        while True:
            reply = self.read_message()
            if reply.get("method") == "event" and "id" not in reply:
                self.events.append(reply["params"])
                continue
            break
        expect(reply.get("id") == self.next_id, f"{method}: reply for id {reply.get('id')}, expected {self.next_id}")
        if "error" in reply:
            raise Failure(method, reply["error"])
        return reply["result"]

    def wait_for_events(self, topic, count, seconds=10):
        """The events of `topic` received so far, waiting up to `seconds` for at least `count` of them."""
        deadline = time.monotonic() + seconds
        while len([e for e in self.events if e["topic"] == topic]) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.sock.settimeout(left)
            try:
                message = self.read_message()
            except socket.timeout:
                break
            finally:
                self.sock.settimeout(20)
            if message.get("method") == "event":
                self.events.append(message["params"])
        return [e for e in self.events if e["topic"] == topic]


class Failure(Exception):
    def __init__(self, method, error):
        super().__init__(f"{method}: {error['message']}")
        self.code = error["code"]
        self.reason = error["data"]["reason"]
        self.field = error["data"].get("field")
        self.data = error["data"]


def expect(condition, message):
    if not condition:
        print("FAILED:", message)
        sys.exit(1)


def expect_equal(actual, expected, what):
    expect(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def expect_refusal(shop, reason, method, **params):
    """Calls a method that must fail with `reason`; returns the error's data."""
    try:
        result = shop.call(method, **params)
    except Failure as error:
        expect(error.reason == reason, f"{method} {params}: expected reason {reason}, got {error.reason} ({error.data})")
        return error.data
    expect(False, f"{method} {params} must be refused with {reason}, but answered {result}")
