#!/usr/bin/env python3
"""Drives a running `rapport serve --socket PATH` the way a chat-bot backend would.

Standard library only (socket + json). Exits non-zero with a message on the first surprise.
Usage: bot_client_check.py SOCKET_PATH
"""
import json
import socket
import sys


class RapportClient:
    """A minimal newline-delimited JSON-RPC 2.0 client over a Unix socket."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(path)
        self.reader = self.sock.makefile("rb")
        self.next_id = 0
        self.events = []

    def send_line(self, raw):
        self.sock.sendall(raw + b"\n")

    def read_reply(self):
        """The next response line; event notifications met on the way are kept aside."""
        while True:
            line = self.reader.readline()
            if not line:
                raise RuntimeError("server closed the connection")
            message = json.loads(line)
            if message.get("method") == "event" and "id" not in message:
                self.events.append(message["params"])
                continue
            return message

    def call(self, method, **params):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params:
            request["params"] = params
        self.send_line(json.dumps(request).encode())
        reply = self.read_reply()
        if reply.get("id") != self.next_id:
            raise RuntimeError(f"reply for id {reply.get('id')}, expected {self.next_id}")
        if "error" in reply:
            raise RapportError(reply["error"])
        return reply["result"]


class RapportError(Exception):
    def __init__(self, error):
        super().__init__(error["message"])
        self.code = error["code"]
        self.reason = error["data"]["reason"]
        self.field = error["data"].get("field")


def expect(condition, message):
    if not condition:
        print("FAILED:", message)
        sys.exit(1)


def main(path):
    bot = RapportClient(path)
    expect(bot.call("server.ping") == "pong", "ping")

    info = bot.call("server.info")
    expect(info["readOnly"] is False and info["schemaVersion"] >= 1, f"info {info}")

    watcher = RapportClient(path)
    watcher.call("events.subscribe", topics=["store.configured"])

    settings = bot.call("store.configure", name="Corner Bakery", currency="EUR", idempotencyKey="setup-1")
    expect(settings["currency"] == "EUR" and settings["name"] == "Corner Bakery", f"configure {settings}")
    again = bot.call("store.configure", name="Corner Bakery", currency="EUR", idempotencyKey="setup-1")
    expect(again == settings, "idempotent replay returns the first result")
    try:
        bot.call("store.configure", name="Other", idempotencyKey="setup-1")
        expect(False, "reusing a key with other params must fail")
    except RapportError as error:
        expect(error.reason == "conflict" and error.field == "idempotencyKey", f"conflict {error.reason}")

    try:
        bot.call("store.configure", currency="euros")
        expect(False, "a bad currency must fail")
    except RapportError as error:
        expect(error.code == -32602 and error.field == "currency", f"validation {error.code} {error.field}")

    preview = bot.call("store.configure", currency="USD", dryRun=True)
    expect(preview["dryRun"] is True and preview["result"]["currency"] == "USD", f"dry run {preview}")
    expect(bot.call("store.settings")["currency"] == "EUR", "a dry run changes nothing")

    # A broken line gets a parse error with a null id and the connection keeps working.
    bot.send_line(b'{"jsonrpc": "2.0", "id": 99, "method": ')
    broken = bot.read_reply()
    expect(broken["id"] is None and broken["error"]["code"] == -32700, f"parse error {broken}")
    expect(bot.call("server.ping") == "pong", "still serving after a parse error")

    # Pipelining: send a burst, read the replies in order.
    burst = b"".join(
        json.dumps({"jsonrpc": "2.0", "id": 1000 + n, "method": "server.ping"}).encode() + b"\n" for n in range(100)
    )
    bot.sock.sendall(burst)
    ids = [bot.read_reply()["id"] for _ in range(100)]
    expect(ids == list(range(1000, 1100)), "pipelined replies in order")

    # A batch gets one array back; notifications inside it get nothing.
    bot.send_line(json.dumps([
        {"jsonrpc": "2.0", "id": "a", "method": "server.ping"},
        {"jsonrpc": "2.0", "method": "server.ping"},
        {"jsonrpc": "2.0", "id": "b", "method": "no.such"},
    ]).encode())
    batch = json.loads(bot.reader.readline())
    expect([item["id"] for item in batch] == ["a", "b"], f"batch {batch}")
    expect(batch[1]["error"]["data"]["reason"] == "method_not_found", "unknown method in batch")

    watcher.call("server.ping")
    expect(len(watcher.events) == 1 and watcher.events[0]["topic"] == "store.configured", f"events {watcher.events}")
    expect(watcher.events[0]["data"]["settings"]["name"] == "Corner Bakery", "event data")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
