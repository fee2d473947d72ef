#!/usr/bin/env python3
"""Writes the committed seed corpora of Rapport's fuzzers; Python 3.9+ standard library only.

    python3 make_corpus.py FUZZ_DISPATCHER_BINARY [--schema-fuzz-corpus DIR] [--check]

corpus/dispatcher/ (FuzzDispatcher), all files rewritten:
  * m-METHOD-N: valid params for every method that rpc.discover lists, four variants each, made
    by schema_fuzz.py's value generator (Tests/EndToEndTests/Python), with record ids, codes,
    emails, phones and external ids resolved to the records FuzzDispatcher seeds at start (the
    fuzzer's ids are deterministic: a seeded IdentifierSource and a fixed start time);
  * seq-N: a few valid lines in one input (one connection), dry runs and idempotency repeats;
  * batch-N: batches of valid requests, with a notification and an invalid member;
  * sf-SHA: the boundary-value lines that `schema_fuzz.py BINARY --corpus DIR` wrote into DIR,
    with every record id in them mapped onto a seeded record of the same kind (files longer than
    the fuzzer's -max_len of 65536 bytes are left out).
corpus/json/ (FuzzJSONParser): hand-picked documents, valid and invalid, plus a few request lines.

The binary is asked for the seeded ids and for the rpc.discover document
(RAPPORT_FUZZ_SEED_IDS, RAPPORT_FUZZ_DISCOVER). --check replays corpus/dispatcher/ through it
with RAPPORT_FUZZ_ECHO=1 and prints, per method, how many lines were answered with a result.
"""
import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "EndToEndTests", "Python"))
import schema_fuzz  # noqa: E402  (the protocol fuzzer's value generator)

MAX_LEN = 65536


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def ask_binary(binary):
    """The seeded ids and the rpc.discover result, from one run of the fuzzer over an empty input."""
    with tempfile.TemporaryDirectory() as tmp:
        ids_path, doc_path, empty = (os.path.join(tmp, n) for n in ("ids.json", "discover.json", "empty"))
        open(empty, "wb").close()
        env = dict(os.environ, RAPPORT_FUZZ_SEED_IDS=ids_path, RAPPORT_FUZZ_DISCOVER=doc_path,
                   RAPPORT_FUZZ_DIR=os.path.join(tmp, "store"))
        subprocess.run([binary, empty], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(ids_path) as f:
            ids = json.load(f)
        with open(doc_path) as f:
            doc = json.load(f)
    return ids, doc


class SeededGen(schema_fuzz.Gen):
    """schema_fuzz's generator with references resolved to the fuzzer's seeded records."""

    def __init__(self, rng, methods, ids):
        super().__init__(rng, methods, None)
        self.pools = {
            "cus": [ids[k] for k in ("customer1", "customer2", "customer3", "customer4")],
            "ord": [ids[k] for k in ("order1", "order2", "order3")],
            "off": [ids["offer1"], ids["offer2"]],
            "seg": [ids["segment1"]],
            "code": [ids["coupon1"]],
            "ref": [ids["referral1"]],
            "email": ["anna@example.com", "BORIS@example.com"],
            "phone": ["+7 999 123-45-67", "+14155550100"],
            "cext": ["x-anna", "x-boris", "x-chen", "x-dana"],
        }

    def ref(self, kind):
        return self.rng.choice(self.pools[kind])


def request(method, params, id_value):
    line = {"jsonrpc": "2.0", "id": id_value, "method": method}
    if params is not None:
        line["params"] = params
    return line


def write(directory, name, lines):
    data = b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def dispatcher_corpus(out, ids, doc, schema_fuzz_corpus):
    rng = random.Random(20260301)
    methods = [schema_fuzz.Method(m) for m in doc["methods"]]
    gen = SeededGen(rng, methods, ids)
    for name in os.listdir(out):
        os.remove(os.path.join(out, name))
    count = 0
    valid_lines = []
    for m in methods:
        for n in range(4):
            params = gen.base_params(m)
            line = dumps(request(m.name, params if (params or m.params) else None, n + 1))
            valid_lines.append((m, line))
            write(out, f"m-{m.name}-{n}", [line])
            count += 1
    # Several lines in one input: one connection's conversation.
    for n in range(40):
        picked = rng.sample(valid_lines, rng.randrange(2, 6))
        lines = [line for _, line in picked]
        mutating = [(m, json.loads(line)) for m, line in picked if m.mutating]
        if mutating and n % 3 == 0:
            m, req = rng.choice(mutating)
            req.setdefault("params", {})["idempotencyKey"] = f"seq-{n}"
            lines += [dumps(req), dumps(req)]          # a repeat answers the first result
        if mutating and n % 3 == 1:
            m, req = rng.choice(mutating)
            req.setdefault("params", {})["dryRun"] = True
            lines.append(dumps(req))
        if n % 5 == 0:
            lines.insert(0, dumps(request("events.subscribe", {"topics": ["*"]}, "sub")))
        write(out, f"seq-{n}", lines)
        count += 1
    # Batches, with a notification and an invalid member among valid requests.
    for n in range(20):
        members = [json.loads(line) for _, line in rng.sample(valid_lines, rng.randrange(1, 6))]
        for i, member in enumerate(members):
            member["id"] = i
        if n % 2 == 0:
            members.append({"jsonrpc": "2.0", "method": "server.ping"})
        if n % 4 == 1:
            members.append({"jsonrpc": "2.0", "id": "bad", "method": 7})
        write(out, f"batch-{n}", [dumps(members)])
        count += 1
    # The protocol fuzzer's boundary values, with its record ids mapped onto the seeded ones.
    kinds = {"cus": "cus", "ord": "ord", "off": "off", "seg": "seg"}
    pattern = re.compile(rb"\b(cus|ord|off|seg)_[0-9A-HJKMNP-TV-Z]{26}\b")
    skipped = 0
    if schema_fuzz_corpus:
        for name in sorted(os.listdir(schema_fuzz_corpus)):
            with open(os.path.join(schema_fuzz_corpus, name), "rb") as f:
                data = f.read()
            if len(data) > MAX_LEN:
                skipped += 1
                continue

            def remap(match):
                pool = gen.pools[kinds[match.group(1).decode()]]
                return pool[int(hashlib.sha1(match.group(0)).hexdigest(), 16) % len(pool)].encode()

            data = pattern.sub(remap, data)
            with open(os.path.join(out, "sf-" + hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
                f.write(data)
            count += 1
    print(f"corpus/dispatcher: {count} files ({skipped} schema_fuzz files over {MAX_LEN} bytes left out)")


JSON_DOCUMENTS = [
    # valid
    b'null', b'true', b'false', b'0', b'-0', b'-0.0', b'1e-7', b'1E+2', b'123456789012345678',
    b'9223372036854775807', b'-9223372036854775808', b'9223372036854775808', b'-9223372036854775809',
    b'123456789012345678901234567890', b'1.7976931348623157e308', b'5e-324', b'2.2250738585072014e-308',
    b'0.1', b'3.0', b'100.0', b'1e400x', b'4.9406564584124654e-324', b'1234567890.0987654321e-5',
    b'""', b'"\\u0000\\u001f\\"\\\\\\/\\b\\f\\n\\r\\t"', b'"\\ud83d\\ude00 \xf0\x9f\x98\x80 \\u00e9 e\xcc\x81"',
    b'"\xe2\x80\xa8\xe2\x80\xa9 \\u2028"', b'"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9"',
    b' \t\r\n[ 1 , 2 ,\t3 ]\r\n ', b'[]', b'{}', b'[[[[[[[[[[]]]]]]]]]]', b'{"a":{"b":{"c":[{"d":null}]}}}',
    b'{"a":1,"a":2,"":3}', b'{"\\u0000":"k"}', b'[1,-1,1.5,-1.5e-3,"x",true,false,null,{},[]]',
    b'{"jsonrpc":"2.0","id":1,"method":"server.ping"}',
    b'[{"jsonrpc":"2.0","id":1,"method":"server.ping"},{"jsonrpc":"2.0","method":"server.info"}]',
    b'[' * 64 + b']' * 64, b'[' * 65 + b']' * 65, b'{"k":' * 63 + b'1' + b'}' * 63,
    # invalid
    b'', b' ', b'[1,]', b'{"a":1,}', b'[01]', b'+1', b'.5', b'1.', b'1e', b'-', b'NaN', b'Infinity', b'1e400',
    b'"\\ud800"', b'"\\udc00\\ud800"', b'"\\x41"', b'"\\u12"', b'"a\tb"', b'"\x00"', b"'single'", b'// c\n1',
    b'\xef\xbb\xbf{}', b'"\xc0\xaf"', b'"\xed\xa0\x80"', b'"\xf4\x90\x80\x80"', b'"\xff"', b'"\xe2\x82"',
    b'tru', b'nul', b'[1 2]', b'{"a" 1}', b'{1:2}', b'"unterminated', b'[1]x', b'{"a":1}{"b":2}',
]


def json_corpus(out, dispatcher_dir):
    for name in os.listdir(out):
        os.remove(os.path.join(out, name))
    for n, doc in enumerate(JSON_DOCUMENTS):
        with open(os.path.join(out, f"doc-{n:02d}"), "wb") as f:
            f.write(doc)
    picked = sorted(n for n in os.listdir(dispatcher_dir) if n.startswith("m-"))[::16]
    for name in picked:
        with open(os.path.join(dispatcher_dir, name), "rb") as f:
            line = f.read().split(b"\n")[0]
        with open(os.path.join(out, "req-" + name[2:]), "wb") as f:
            f.write(line)
    print(f"corpus/json: {len(JSON_DOCUMENTS) + len(picked)} files")


def check(binary, directory):
    """Replays the corpus once and counts results and errors per method."""
    files = sorted(os.path.join(directory, n) for n in os.listdir(directory))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RAPPORT_FUZZ_ECHO="1", RAPPORT_FUZZ_DIR=os.path.join(tmp, "store"))
        run = subprocess.run([binary, "-max_len=65536", *files], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    stats = {}
    sent = None
    for raw in run.stderr.split(b"\n"):
        if raw.startswith(b"> "):
            sent = raw[2:]
        elif raw.startswith(b"< ") and sent is not None:
            match = re.search(rb'"method":"([a-z.]+)"', sent)
            method = match.group(1).decode() if match else "(none)"
            ok, err = stats.get(method, (0, 0))
            if b'"result":' in raw[:60]:
                ok += 1
            else:
                err += 1
            stats[method] = (ok, err)
            sent = None
    for method, (ok, err) in sorted(stats.items()):
        print(f"{method:24} {ok:4} results {err:4} errors")
    print(f"exit status {run.returncode}")
    return run.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", help="the FuzzDispatcher binary (.build/debug/FuzzDispatcher)")
    ap.add_argument("--schema-fuzz-corpus", help="the directory schema_fuzz.py --corpus wrote")
    ap.add_argument("--check", action="store_true", help="replay corpus/dispatcher/ and count results per method")
    args = ap.parse_args()
    dispatcher_dir = os.path.join(HERE, "corpus", "dispatcher")
    json_dir = os.path.join(HERE, "corpus", "json")
    if args.check:
        sys.exit(check(args.binary, dispatcher_dir))
    os.makedirs(dispatcher_dir, exist_ok=True)
    os.makedirs(json_dir, exist_ok=True)
    ids, doc = ask_binary(args.binary)
    dispatcher_corpus(dispatcher_dir, ids, doc, args.schema_fuzz_corpus)
    json_corpus(json_dir, dispatcher_dir)


if __name__ == "__main__":
    main()
