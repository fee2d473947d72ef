#!/usr/bin/env python3
"""Schema-driven fuzzer of Rapport's whole JSON-RPC protocol; Python 3.9+ standard library only.

    python3 schema_fuzz.py RAPPORT_BINARY [--cases N] [--seed S] [--transport stdio|socket]
                           [--corpus DIR] [--report FILE] [--confirm] [--keep]
                           [--chunk N] [--sweep-share F] [--envelope-share F] [--audit-every N]

It starts `RAPPORT_BINARY serve --db DIR/fuzz.sqlite --durability normal` in a fresh temporary
directory (over pipes, or with `--socket DIR/s.sock` and an AF_UNIX connection; stderr goes to
DIR/stderr.N.txt), reads `rpc.discover` (OpenRPC: methods[].params are by-name descriptors
{name, required, schema}), seeds a little valid state (customers, orders, points, offers, coupons,
segments, referral codes) and collects the real ids, so that most cases get past `not_found`.

Cases, pipelined 200 at a time:
  * half come from a coverage sweep, shuffled by the seed: every (method, member, boundary value)
    for integer/number members (0, ±1, ±2^31, ±2^53, ±(2^53+1), Int64 min/max, 2^63, 2^64,
    -2^63-1, 10^12(+1), 10^13(+1), 1e308, -0.0, 1.5, 1e3, 100.0, 1e400, …), string members (empty,
    whitespace, NUL, emoji, RTL, 64 KiB-1/64 KiB/64 KiB+1, 70 KiB, FTS and LIKE syntax, …), dates,
    wrong JSON types, and per method a duplicated dryRun, a duplicated member, a missing required
    member, an unknown member and deep nesting;
  * the rest are random: a valid-shaped object with one or more members replaced (the same value
    classes plus lone surrogates as \\u escapes, invalid UTF-8 bytes in the raw line, realistic
    unknown ids, ids of the wrong kind), params of the wrong shape, integral floats paired with
    the same integer, and envelope cases: duplicate id/method/jsonrpc/params members, ids that
    are big integers or fractions, odd string ids, batches of 0/1/…/100/101/150 elements with
    notifications and invalid elements inside, notifications, garbage, a line over 1 MiB;
  * an accepted write holding a large number is sent again (sums and balances overflow there),
    and every --audit-every cases everything is read back (every customer, balance, tier status,
    segment, all pages of customers/orders/coupons, loyalty.check).

Every reply is checked: exactly one reply per request with an id, in order, echoing the id (its
JSON text for numbers); no -32603; every error has a string data.reason; -32602 names data.field
when a member is to blame; invalid input is refused (duplicate, unknown and missing members, wrong
types, integers beyond the documented ranges — |n| ≤ 10^13 by DESIGN §4, or the range a member's
description states —, over-limit strings, depth and batches, invalid UTF-8); a dry run answers
the dry-run wrapper; a result matches the method's result schema; loyalty.check finds no
mismatch; the server stays up, answers server.ping at the end, shuts down cleanly, and its stderr
shows no crash. A crash is reported with the lines in flight; the server is restarted on the same
database, the unanswered lines are replayed one at a time to pinpoint the crashing one, and the
run goes on. A crash that comes back with harmless input after the restart is reported as a
persistent crash (the database was poisoned), with the earlier accepted lines that wrote the
records named in the crash report; the run then goes on with a fresh database.

--report FILE writes the distinct failures as JSON lines; --corpus DIR writes boundary-value
request lines, one file each named by its sha1 (at most --corpus-max, default 400), for a
libFuzzer corpus; --confirm replays each distinct failure on a fresh database.

The cases are deterministic for a seed (record ids are symbolic and resolved to the ids the
server made when a line is sent). The summary lists cases per method and the distinct failures
(method, member, value classes, error or crash, one minimal example line each); the last line is
exactly `N passed, M failed` (cases); the exit status is 1 when anything failed, else 0.
"""
import argparse
import hashlib
import json
import os
import queue
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

I64_MIN = -(2 ** 63)
I64_MAX = 2 ** 63 - 1
DOC_MAX_INT = 10 ** 13          # DESIGN §4: money up to 10^13 minor units, points up to 10^12
MAX_STRING_BYTES = 65536
MAX_DEPTH = 64
MAX_BATCH = 100
MAX_LINE_BYTES = 1 << 20
STDERR_PATTERNS = ["Fatal error", "Illegal instruction", "Segmentation", "Swift runtime failure",
                   "Program crashed", "Backtracing", "Stack dump", "Current stack trace"]
ID_RE = re.compile(r"\b(cus|ord|off|seg|cpn|led|ref|rfd|int|tch)_[0-9A-Za-z]{10,40}")


# ----------------------------------------------------------------------------------------------
# JSON text with full control: raw fragments, duplicate members, symbolic ids

class Raw:
    """Verbatim JSON text (str or bytes) and the value a conforming parser would read from it."""
    __slots__ = ("text", "value", "invalid")

    def __init__(self, text, value, invalid=False):
        self.text = text
        self.value = value
        self.invalid = invalid      # not valid JSON / UTF-8: the whole line must be a parse error


class Obj:
    """A JSON object written member by member, duplicates allowed."""
    __slots__ = ("pairs",)

    def __init__(self, pairs):
        self.pairs = list(pairs)


class Esc:
    """A string written with \\u escapes for everything outside ASCII."""
    __slots__ = ("s",)

    def __init__(self, s):
        self.s = s


class Ref:
    """A record id of a kind (cus, ord, off, seg, code, ref, cpn, cext, email, phone, oext),
    resolved to one the server made when the line is sent."""
    __slots__ = ("kind", "k", "mangle")

    def __init__(self, kind, k, mangle=None):
        self.kind = kind
        self.k = k
        self.mangle = mangle


def enc(v, resolve, out):
    if v is None:
        out.append(b"null")
    elif v is True:
        out.append(b"true")
    elif v is False:
        out.append(b"false")
    elif isinstance(v, Ref):
        out.append(json.dumps(resolve(v), ensure_ascii=False).encode("utf-8"))
    elif isinstance(v, Raw):
        out.append(v.text if isinstance(v.text, bytes) else v.text.encode("utf-8"))
    elif isinstance(v, int):
        out.append(str(v).encode())
    elif isinstance(v, float):
        out.append(json.dumps(v).encode())
    elif isinstance(v, str):
        out.append(json.dumps(v, ensure_ascii=False).encode("utf-8"))
    elif isinstance(v, Esc):
        out.append(json.dumps(v.s, ensure_ascii=True).encode())
    elif isinstance(v, (Obj, dict)):
        pairs = v.pairs if isinstance(v, Obj) else v.items()
        out.append(b"{")
        first = True
        for k, x in pairs:
            if not first:
                out.append(b",")
            first = False
            enc(k, resolve, out)
            out.append(b":")
            enc(x, resolve, out)
        out.append(b"}")
    elif isinstance(v, (list, tuple)):
        out.append(b"[")
        for i, x in enumerate(v):
            if i:
                out.append(b",")
            enc(x, resolve, out)
        out.append(b"]")
    else:
        raise TypeError(type(v))


def encode(v, resolve):
    out = []
    enc(v, resolve, out)
    return b"".join(out)


def logical(v, resolve):
    """The value a parser keeping the last of duplicate members would read."""
    if isinstance(v, Ref):
        return resolve(v)
    if isinstance(v, Raw):
        return v.value
    if isinstance(v, Esc):
        return v.s
    if isinstance(v, Obj):
        d = {}
        for k, x in v.pairs:
            d[logical(k, resolve)] = logical(x, resolve)
        return d
    if isinstance(v, dict):
        return {k: logical(x, resolve) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [logical(x, resolve) for x in v]
    return v


def depth_of(v):
    if isinstance(v, (Obj, dict)):
        items = [x for _, x in v.pairs] if isinstance(v, Obj) else list(v.values())
        return 1 + max([depth_of(x) for x in items] or [0])
    if isinstance(v, (list, tuple)):
        return 1 + max([depth_of(x) for x in v] or [0])
    if isinstance(v, Raw) and isinstance(v.value, (list, dict)):
        return depth_of(v.value)
    return 0


# ----------------------------------------------------------------------------------------------
# JSON Schema (the subset rpc.discover uses)

def schema_types(s):
    if not isinstance(s, dict):
        return None
    t = s.get("type")
    if t is None:
        return None
    return t if isinstance(t, list) else [t]


def is_int_value(v):
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    return isinstance(v, float) and v == v and v not in (float("inf"), float("-inf")) and v.is_integer()


def int_value(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if is_int_value(v):
        return int(v)
    return None


def type_ok(v, t, params_side):
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "string":
        return isinstance(v, str)
    if t == "integer":
        if params_side:
            return is_int_value(v)
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    return True


def schema_error(v, s, path="", params_side=False):
    """None when v conforms to s, else a short description of the first mismatch."""
    if not isinstance(s, dict) or not s:
        return None
    if "oneOf" in s or "anyOf" in s:
        branches = s.get("oneOf") or s.get("anyOf")
        errs = [schema_error(v, b, path, params_side) for b in branches]
        ok = [e for e in errs if e is None]
        if not ok:
            return errs[0] if len(errs) == 1 else f"{path or '(value)'}: matches none of {len(branches)} alternatives"
        # oneOf over objects that differ by required members: at least one is enough for us
    types = schema_types(s)
    if types is not None and not any(type_ok(v, t, params_side) for t in types):
        return f"{path or '(value)'}: expected {'|'.join(types)}, got {json_type(v)}"
    if "enum" in s:
        if not any(v == e and type(v) == type(e) for e in s["enum"]):
            return f"{path or '(value)'}: {short(v)} is not one of {s['enum']}"
    if isinstance(v, dict):
        props = s.get("properties", {})
        for r in s.get("required", []):
            if r not in v:
                return f"{path}.{r}".lstrip(".") + ": required member missing"
        if s.get("additionalProperties") is False:
            for k in v:
                if k not in props:
                    return f"{path}.{k}".lstrip(".") + ": member not in the schema"
        for k, sub in props.items():
            if k in v:
                e = schema_error(v[k], sub, f"{path}.{k}".lstrip("."), params_side)
                if e:
                    return e
    if isinstance(v, list):
        if "minItems" in s and len(v) < s["minItems"]:
            return f"{path or '(value)'}: fewer than {s['minItems']} items"
        if "items" in s:
            for i, x in enumerate(v):
                e = schema_error(x, s["items"], f"{path}[{i}]", params_side)
                if e:
                    return e
    return None


def json_type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


def short(v, n=80):
    try:
        s = json.dumps(v, ensure_ascii=False)
    except Exception:
        s = repr(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def doc_range(desc, method):
    """(lo, hi) documented for an integer member by its description, or None."""
    if not desc:
        return None
    lo = hi = None
    for clause in desc.split(";"):
        named = re.findall(r"for ([a-z]+\.[a-zA-Z]+)", clause)
        if named and method not in named:
            continue
        if " or " in clause:
            continue
        m = re.search(r"(-?\d[\d_]*)\s*(?:–|to)\s*(-?\d[\d_]*)(?!\s*(?:characters|labels|tiers|questions|lines|items|bytes))", clause)
        if m:
            return int(m.group(1)), int(m.group(2))
        m = re.search(r"at least (-?\d+)", clause)
        if m:
            lo = int(m.group(1))
        m = re.search(r"at most (-?\d+)(?!\s*(?:characters|bytes))", clause)
        if m:
            hi = int(m.group(1))
    if lo is None and hi is None:
        return None
    return lo, hi


# ----------------------------------------------------------------------------------------------
# Boundary values

STR_BOUNDARIES = [
    ("empty", ""),
    ("whitespace", "   "),
    ("tab-newline", "\t\n\r"),
    ("NUL", "ab\u0000cd"),
    ("NUL-only", "\u0000"),
    ("emoji", "😀👍🏽‍🔥 🇷🇺"),
    ("emoji-escaped", Esc("😀 café")),
    ("RTL", "مرحبا שלום \u202eabc"),
    ("combining", "e\u0301\u0301\u0301 Z\u0336a\u0337"),
    ("line-separator", "a\u2028b\u2029c"),
    ("BOM", "\ufeffabc"),
    ("SQL", "'; DROP TABLE customer; --"),
    ("LIKE", "%_%\\"),
    ("FTS-syntax", "\"abc\" OR NEAR(x y) * -z ^"),
    ("quote", "\""),
    ("long-300", "x" * 300),
    ("long-4KiB", "ж" * 2048),
    ("64KiB-1", "a" * (MAX_STRING_BYTES - 1)),
    ("64KiB", "a" * MAX_STRING_BYTES),
    ("64KiB+1", "a" * (MAX_STRING_BYTES + 1)),
    ("64KiB-multibyte+1", "я" * (MAX_STRING_BYTES // 2) + "a"),   # 32768 chars, 65537 bytes
    ("70KiB", "b" * (70 * 1024)),
    ("number-like", "12345678901234567890"),
    ("iso-date", "2026-03-01T10:00:00Z"),
    ("path", "../../etc/passwd"),
]

RAW_STR_BOUNDARIES = [
    ("lone-high-surrogate", Raw('"\\ud800"', "\ud800")),
    ("lone-low-surrogate", Raw('"\\udc00x"', "\udc00x")),
    ("reversed-surrogates", Raw('"\\ude00\\ud83d"', "\ude00\ud83d")),
    ("escaped-NUL", Raw('"a\\u0000b"', "a\u0000b")),
]

INVALID_UTF8 = [
    ("invalid-utf8-ff", b"\xff\xfe"),
    ("invalid-utf8-truncated", b"ab\xc3"),
    ("invalid-utf8-overlong", b"\xc0\xaf"),
    ("invalid-utf8-surrogate", b"\xed\xa0\x80"),
    ("invalid-utf8-continuation", b"\x80abc"),
]

DATE_BOUNDARIES = [
    ("date:feb-30", "2026-02-30T10:00:00Z"),
    ("date:year-0", "0000-01-01T00:00:00Z"),
    ("date:year-9999", "9999-12-31T23:59:59Z"),
    ("date:negative-year", "-0001-01-01T00:00:00Z"),
    ("date:offset+14", "2026-03-01T10:00:00+14:00"),
    ("date:offset-23:59", "2026-03-01T10:00:00-23:59"),
    ("date:nanoseconds", "2026-03-01T10:00:00.123456789Z"),
    ("date:only-date", "2026-03-01"),
    ("date:hour-24", "2026-03-01T24:00:00Z"),
    ("date:leap-second", "2016-12-31T23:59:60Z"),
    ("date:lowercase", "2026-03-01t10:00:00z"),
    ("date:epoch-number-string", "1772359200"),
    ("date:year-1970", "1970-01-01T00:00:00Z"),
    ("date:far-future", "2999-01-01T00:00:00Z"),
]

INT_BOUNDARIES = [
    ("0", 0), ("-1", -1), ("1", 1),
    ("2^31", 2 ** 31), ("-2^31", -(2 ** 31)), ("2^31-1", 2 ** 31 - 1), ("2^32", 2 ** 32),
    ("2^53", 2 ** 53), ("-2^53", -(2 ** 53)), ("2^53+1", 2 ** 53 + 1), ("-(2^53+1)", -(2 ** 53 + 1)),
    ("Int64.min", I64_MIN), ("Int64.max", I64_MAX), ("Int64.min+1", I64_MIN + 1),
    ("2^63", 2 ** 63), ("2^64", 2 ** 64), ("-2^63-1", I64_MIN - 1),
    ("10^12", 10 ** 12), ("10^12+1", 10 ** 12 + 1), ("10^13", 10 ** 13), ("10^13+1", 10 ** 13 + 1),
    ("10^30", 10 ** 30),
]

RAW_NUM_BOUNDARIES = [
    ("1e308", Raw("1e308", 1e308)),
    ("-1e308", Raw("-1e308", -1e308)),
    ("-0.0", Raw("-0.0", -0.0)),
    ("1.5", Raw("1.5", 1.5)),
    ("-1.5", Raw("-1.5", -1.5)),
    ("1e3", Raw("1e3", 1000.0)),
    ("100.0", Raw("100.0", 100.0)),
    ("1E2", Raw("1E2", 100.0)),
    ("0.1", Raw("0.1", 0.1)),
    ("1e-400", Raw("1e-400", 0.0)),
    ("9.223372036854775807e18", Raw("9.223372036854775807e18", 9.223372036854775807e18)),
    ("9223372036854775807.0", Raw("9223372036854775807.0", 9.223372036854776e18)),
    ("1e400", Raw("1e400", float("inf"))),
]

WRONG_TYPES = [
    ("type:string", "7"), ("type:integer", 7), ("type:number", 2.5), ("type:boolean", True),
    ("type:false", False), ("type:null", None), ("type:array", []), ("type:array1", ["x"]),
    ("type:object", {}), ("type:object1", {"a": 1}),
]

UNKNOWN_KEYS = ["extra", "dryrun", "DryRun", "idempotency_key", "customerID", "__proto__", "",
                "😀", "a\u0000b", "constructor", "params", "id"]

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def fake_id(rng, prefix):
    return prefix + "_" + "".join(rng.choice(CROCKFORD) for _ in range(26))


# ----------------------------------------------------------------------------------------------
# Methods and valid-shaped params

class Method:
    def __init__(self, doc):
        self.name = doc["name"]
        self.mutating = bool(doc.get("x-mutating"))
        self.result_schema = (doc.get("result") or {}).get("schema")
        params = doc.get("params") or []
        self.params = []        # (name, required, schema, description)
        if doc.get("paramStructure", "by-name") != "by-name" and len(params) == 1 and \
                isinstance(params[0].get("schema"), dict) and params[0]["schema"].get("type") == "object":
            # a single params-object descriptor
            s = params[0]["schema"]
            req = set(s.get("required", []))
            for k, sub in (s.get("properties") or {}).items():
                self.params.append((k, k in req, sub, sub.get("description", "")))
        else:
            for p in params:
                s = p.get("schema") or {}
                self.params.append((p["name"], bool(p.get("required")), s,
                                    s.get("description", "") or p.get("description", "")))
        self.by_name = {p[0]: p for p in self.params}

    def object_schema(self):
        return {"type": "object",
                "properties": {n: s for n, _, s, _ in self.params},
                "required": [n for n, r, _, _ in self.params if r],
                "additionalProperties": False}


RULE_TEMPLATES = [
    {"field": "totalSpent", "op": ">=", "value": 100000},
    {"all": [{"field": "orderCount", "op": ">", "value": 0}, {"field": "tags", "op": "contains", "value": "vip"}]},
    {"any": [{"field": "source", "op": "=", "value": "ad"}, {"field": "consent.email", "op": "=", "value": True}]},
    {"not": {"field": "hasOrdered", "op": "=", "value": True}},
    {"field": "daysSinceLastOrder", "op": "between", "value": [0, 60]},
    {"field": "source", "op": "in", "value": ["ad", "organic"]},
    {"field": "attributes.city", "op": "=", "value": "Moscow"},
    {"field": "email", "op": "!=", "value": None},
    {"field": "birthdayInDays", "op": "<=", "value": 7},
]

TOPICS = ["order.*", "customer.created", "points.*", "coupon.redeemed", "store.configured", "*"]


class Gen:
    """Generates valid-shaped values and cases; all randomness from one seeded Random."""

    def __init__(self, rng, methods, workdir):
        self.rng = rng
        self.methods = methods
        self.workdir = workdir
        self.counter = 0

    def uniq(self):
        self.counter += 1
        return f"{self.rng.randrange(10 ** 8):08d}{self.counter}"

    def ref(self, kind):
        return Ref(kind, self.rng.randrange(10 ** 9))

    def time(self):
        r = self.rng.random()
        if r < 0.5:
            return None
        day = self.rng.randrange(1, 28)
        month = self.rng.randrange(1, 13)
        year = self.rng.choice([2025, 2026, 2026, 2026])
        return f"{year}-{month:02d}-{day:02d}T{self.rng.randrange(24):02d}:{self.rng.randrange(60):02d}:00Z"

    def valid(self, method, name, schema, desc=""):
        """A plausible valid value for member `name` of `method`."""
        rng = self.rng
        m = method
        if isinstance(schema, dict) and schema.get("format") == "date-time":
            return self.time()
        if name in ("customerId", "into", "from"):
            return self.ref("cus")
        if name == "id":
            if m.startswith("segments."):
                return self.ref("seg")
            if m.startswith("customers."):
                return self.ref("cus")
        if name == "orderId":
            return self.ref("ord")
        if name == "offerId":
            return self.ref("off")
        if name == "segmentId":
            return self.ref("seg")
        if name == "code":
            return self.ref("code") if m.startswith("coupons.") else self.ref("ref")
        if name == "referralCode":
            return self.ref("ref") if rng.random() < 0.3 else None
        if isinstance(schema, dict) and schema.get("format") == "date-time" or name in ("at", "createdFrom", "createdTo"):
            return self.time()
        if name == "email":
            return self.ref("email") if m == "customers.get" else f"fz{self.uniq()}@example.com"
        if name == "phone":
            return self.ref("phone") if m == "customers.get" else f"+7 9{rng.randrange(10 ** 9):09d}"
        if name == "externalId":
            if m == "customers.get":
                return self.ref("cext")
            return ("o-" if m.startswith("orders.") else "x-") + self.uniq()
        if name == "birthday":
            return rng.choice(["1990-05-17", "--03-14", "2000-02-29", None])
        if name == "locale":
            return rng.choice(["ru-RU", "en", "he-IL", None])
        if name in ("tags",):
            return rng.choice([["vip"], ["vip", "new"], [], None])
        if name == "tag":
            return rng.choice(["vip", "new"])
        if name == "attributes":
            return rng.choice([{"city": "Moscow"}, {"city": "Kazan", "age": 31, "nested": {"a": [1, 2]}}, {}, None])
        if name == "consent":
            return {"email": rng.choice([True, False, None]), "sms": rng.choice([True, False])}
        if name == "source":
            if isinstance(schema, dict) and "enum" in schema:
                return self.from_schema(schema)
            return rng.choice(["ad", "organic", "referral", "import"])
        if name == "name":
            if m == "segments.create":
                return "seg " + self.uniq()
            if m == "offers.create":
                return "Offer " + self.uniq()
            return rng.choice(["Anna Petrova", "Иван Иванов", "Zoë O'Brien", "李小龍"])
        if name in ("summary", "reason", "text", "gift"):
            return rng.choice(["Thanks!", "goodwill", "birthday gift", "sorry for the delay"])
        if name == "query":
            return rng.choice(["Anna", "example.com", "Petrova", "999", "fz"])
        if name == "currency":
            return rng.choice(["RUB", "EUR", "USD"])
        if name == "to":
            return f"backup-{self.uniq()}.sqlite"
        if name == "topics":
            return [rng.choice(TOPICS)]
        if name == "rule":
            return json.loads(json.dumps(rng.choice(RULE_TEMPLATES)))
        if name == "window":
            return "365d"
        if name == "period":
            if isinstance(schema, dict) and "enum" in schema:
                return self.from_schema(schema)
            return rng.choice(["30d", None])
        if name == "reference":
            return "ref-" + self.uniq()
        if name == "idempotencyKey":
            return "k-" + str(rng.randrange(30)) if rng.random() < 0.3 else "k-" + self.uniq()
        if name == "dryRun":
            return rng.random() < 0.5
        if name == "items":
            n = rng.choice([1, 1, 2, 3])
            return [{"sku": f"SKU-{rng.randrange(20)}", "quantity": rng.randrange(1, 4),
                     "price": rng.randrange(100, 100000), **({"category": "food"} if rng.random() < 0.3 else {})}
                    for _ in range(n)]
        if name == "tiers":
            return [{"name": "Silver", "threshold": 0, "multiplier": 1, "perks": []},
                    {"name": "Gold", "threshold": 1000000, "multiplier": 1.5, "perks": ["free shipping"]},
                    {"name": "Platinum", "threshold": 5000000, "multiplier": 2, "perks": ["gift"]}][: rng.randrange(1, 4)]
        if name == "downgrade":
            return {"graceDays": rng.choice([0, 30, 90])}
        if name == "qualifyingOn":
            return rng.choice(["spend", "points"])
        if name == "earnRate":
            return {"points": rng.choice([50, 7, 1]), "per": rng.choice([100000, 10000, 100])}
        if name == "rules":
            evs = ["review_submitted", "survey_completed", "referral_converted", "repeat_order", "birthday", "profile_completed"]
            rng.shuffle(evs)
            return [{"event": e, "points": rng.randrange(1, 500)} for e in evs[: rng.randrange(0, 4)]]
        if name == "tier":
            return rng.choice([None, "Silver", "Gold", "Platinum"])
        if name == "kind" and m == "offers.create":
            return rng.choice(["percent", "amount", "points", "gift"])
        if name in ("points",):
            return rng.randrange(1, 200) if m != "loyalty.adjust" else rng.choice([-50, -1, 1, 100])
        if name in ("amount", "orderAmount"):
            return rng.randrange(0, 500000) if m != "orders.refund" else rng.randrange(1, 5000)
        if name == "value":
            return rng.randrange(1, 50)
        if name == "validDays":
            return rng.choice([1, 30, 365])
        if name in ("limit", "sampleSize"):
            return rng.choice([1, 5, 20, None])
        if name == "cursor":
            return None
        if name in ("perCustomerLimit",):
            return rng.choice([1, 5, None])
        if name in ("minOrderAmount", "cost", "pointValue", "minRedeem"):
            return rng.randrange(0, 1000)
        if name in ("referrerPoints", "refereePoints"):
            return rng.randrange(0, 1000)
        if name == "maxRedeemShare":
            return rng.randrange(0, 101)
        if name in ("pendingDays",):
            return rng.choice([0, 0, 14])
        if name in ("expiryDays", "expiringWithinDays", "graceDays"):
            return rng.choice([0, 30, 365])
        if name == "rounding":
            return rng.choice(["down", "nearest", "up"])
        return self.from_schema(schema)

    def from_schema(self, s, depth=0):
        rng = self.rng
        if not isinstance(s, dict):
            return "x"
        if "oneOf" in s or "anyOf" in s:
            return self.from_schema(rng.choice(s.get("oneOf") or s.get("anyOf")), depth)
        if "enum" in s:
            return rng.choice(s["enum"])
        if s.get("format") == "date-time":
            return self.time()
        types = [t for t in (schema_types(s) or ["string"]) if t != "null"] or ["null"]
        t = rng.choice(types)
        if t == "string":
            return rng.choice(["alpha", "beta", "x-" + self.uniq()])
        if t == "integer":
            low = max(s.get("minimum", 0), 0) if s.get("maximum", 0) >= 0 else s["minimum"]
            return rng.randrange(low, min(s.get("maximum", low + 99), low + 99) + 1)
        if t == "number":
            return rng.choice([1, 1.5, 2])
        if t == "boolean":
            return rng.random() < 0.5
        if t == "array":
            if depth > 3:
                return []
            return [self.from_schema(s.get("items", {}), depth + 1) for _ in range(rng.randrange(0, 3))]
        if t == "object":
            out = {}
            if depth > 3:
                return out
            req = set(s.get("required", []))
            for k, sub in (s.get("properties") or {}).items():
                if k in req or rng.random() < 0.5:
                    out[k] = self.from_schema(sub, depth + 1)
            return out
        return None

    def base_params(self, m):
        """A valid-shaped params object (dict) for method m."""
        rng = self.rng
        out = {}
        if m.name == "customers.get":
            sel = rng.choice(["id", "id", "externalId", "email", "phone"])
            out[sel] = self.valid(m.name, sel, m.by_name[sel][2]) if sel in m.by_name else "x"
            return out
        for name, req, schema, desc in m.params:
            if name == "dryRun":
                if m.mutating and rng.random() < 0.35:
                    out[name] = rng.random() < 0.5
                continue
            if name == "idempotencyKey":
                if rng.random() < 0.12:
                    out[name] = self.valid(m.name, name, schema)
                continue
            if req or rng.random() < 0.35:
                out[name] = self.valid(m.name, name, schema, desc)
        if m.name == "offers.create":
            if out.get("kind") == "gift":
                out.pop("value", None)
                out["gift"] = "a mug"
            elif "value" not in out:
                out["value"] = rng.randrange(1, 50)
        if m.name == "loyalty.adjust" and out.get("points") == 0:
            out["points"] = 1
        return out


# ----------------------------------------------------------------------------------------------
# Paths inside params

def path_str(path):
    s = ""
    for p in path:
        # The server names a member called "" as `""`.
        key = p if p != "" else '""'
        s += f"[{p}]" if isinstance(p, int) else ("." + key if s else key)
    return s or "(params)"


def norm_path(s):
    return re.sub(r"\[\d+\]", "[]", s)


def walk_paths(value, schema, path=()):
    """(path, schema, value) for every member and element inside value (schema may be None)."""
    out = []
    if isinstance(value, dict):
        props = (schema or {}).get("properties", {}) if isinstance(schema, dict) else {}
        opaque = isinstance(schema, dict) and ("oneOf" in schema or "anyOf" in schema)
        for k, x in value.items():
            sub = None if opaque else props.get(k)
            out.append((path + (k,), sub, x))
            out.extend(walk_paths(x, sub, path + (k,)))
    elif isinstance(value, list):
        items = schema.get("items") if isinstance(schema, dict) else None
        for i, x in enumerate(value):
            out.append((path + (i,), items, x))
            out.extend(walk_paths(x, items, path + (i,)))
    return out


def get_at(root, path):
    x = root
    for p in path:
        x = x[p]
    return x


def set_at(root, path, value):
    x = root
    for p in path[:-1]:
        x = x[p]
    x[path[-1]] = value


def del_at(root, path):
    x = root
    for p in path[:-1]:
        x = x[p]
    del x[path[-1]]


def deep_copy(v):
    if isinstance(v, dict):
        return {k: deep_copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [deep_copy(x) for x in v]
    return v


# ----------------------------------------------------------------------------------------------
# Cases and lines

class Line:
    """One request line (or one element of a batch) and what its reply must satisfy."""

    def __init__(self, env, method=None):
        self.env = env                  # the request (dict/Obj/Raw/list) before ids are resolved
        self.method = method            # a Method or None
        self.id_text = None             # JSON text of the id as sent (None: notification)
        self.has_id = False
        self.expects_reply = True
        self.null_id_ok = False         # a reply with id null is acceptable (parse/limit errors)
        self.alt_ids = ()               # other acceptable id texts (duplicate id members)
        self.must = None                # None | 'reject' | 'params' | 'request' | 'parse' | ('limit', name)
        self.why = ""                   # why it must be refused
        self.blame = None               # member path a -32602 should name
        self.dry = False                # a dry run: success must be the dry-run wrapper
        self.dry_dup = False            # duplicate dryRun members, one of them true
        self.not_depth_limited = False  # nesting within the limit: must not be refused as too deep
        self.subs = None                # batch: element Lines
        self.batch_kind = None          # 'empty' | 'over' | 'normal'
        self.pair = None                # ('same-outcome', other_line) differential check
        self.outcome = None
        self.result = None
        self.wire = None                # bytes as sent

    def encode(self, resolve):
        if isinstance(self.env, Raw):
            self.wire = self.env.text if isinstance(self.env.text, bytes) else self.env.text.encode()
        else:
            self.wire = encode(self.env, resolve)
        return self.wire


class Case:
    def __init__(self, n, method, cls, field, lines):
        self.n = n
        self.method = method            # method name or "(envelope)" / "(batch)"
        self.cls = cls                  # value class, e.g. int:Int64.min, type:null, dup:dryRun
        self.field = field              # member path or None
        self.lines = lines
        self.failures = []              # Failure
        self.done = False


class Failure:
    def __init__(self, kind, method, field, cls, detail, sig=None, line=None):
        self.kind = kind
        self.method = method
        self.field = field
        self.cls = cls
        self.detail = detail
        self.sig = sig if sig is not None else normalize(detail)
        self.line = line                # bytes of the line that showed it
        self.reply = None
        self.case = None
        self.context = None


def normalize(text):
    t = ID_RE.sub(lambda m: m.group(1) + "_…", text or "")
    t = re.sub(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", "CODE", t)
    t = re.sub(r"\d+(\.\d+)?(e[+-]?\d+)?", "N", t)
    return t[:200]


class CaseFactory:
    def __init__(self, gen, methods, rng):
        self.g = gen
        self.rng = rng
        self.methods = methods
        self.next_id = 0
        self.n = 0
        self.quarantined = set()

    # ids -----------------------------------------------------------------------------------
    def new_id(self):
        self.next_id += 1
        if self.rng.random() < 0.2:
            return f"c{self.next_id}", json.dumps(f"c{self.next_id}")
        return self.next_id, str(self.next_id)

    def request(self, method_name, params, id_value=None, with_id=True, params_present=True):
        pairs = [("jsonrpc", "2.0")]
        line = Line(None)
        if with_id:
            if id_value is None:
                v, text = self.new_id()
            else:
                v, text = id_value
            pairs.append(("id", v))
            line.id_text = text
            line.has_id = True
        else:
            line.expects_reply = False
        pairs.append(("method", method_name))
        if params_present:
            pairs.append(("params", params))
        line.env = Obj(pairs)
        return line

    # method cases --------------------------------------------------------------------------
    def method_case(self, m, cls=None, allow_raw=True):
        rng = self.rng
        g = self.g
        params = g.base_params(m)
        schema = m.object_schema()
        kinds = [("valid", 10), ("boundary", 34), ("wrongtype", 14), ("missing", 6), ("unknown", 5),
                 ("dupkey", 7), ("deep", 3), ("empty", 3), ("params-shape", 3), ("rawstr", 5),
                 ("multi", 7), ("pair", 3)]
        if not allow_raw:
            kinds = [k for k in kinds if k[0] not in ("rawstr", "deep")]
        kind = cls or weighted(rng, kinds)
        if not m.params and kind not in ("valid", "params-shape", "unknown", "dupkey", "empty"):
            kind = rng.choice(["valid", "params-shape", "unknown", "empty"])
        fn = getattr(self, "mk_" + kind.replace("-", "_"))
        return fn(m, params, schema)

    def finish(self, m, params, cls, field, line=None, **kw):
        self.n += 1
        line = line or self.request(m.name, params)
        line.method = m
        for k, v in kw.items():
            setattr(line, k, v)
        if m.mutating and isinstance(params, dict):
            dv = params.get("dryRun")
            if dv is True or (isinstance(dv, Raw) and dv.value is True):
                line.dry = True
        if not kw.get("blame") and line.blame is None and field is not None and line.must in ("params",):
            line.blame = field
        return Case(self.n, m.name, cls, field, [line])

    def pick_path(self, params, schema, leaf_only=False, want=None):
        paths = walk_paths(params, schema)
        if want:
            paths = [p for p in paths if want(p)]
        if leaf_only:
            paths = [p for p in paths if not isinstance(p[2], (dict, list)) or not p[2]]
        if not paths:
            return None
        # favour top-level members
        top = [p for p in paths if len(p[0]) == 1]
        if want and not top:
            return self.rng.choice(paths)
        if top and self.rng.random() < 0.6:
            return self.rng.choice(top)
        return self.rng.choice(paths)

    def mk_valid(self, m, params, schema):
        return self.finish(m, params, "valid", None)

    def boundary_values(self, m, path, sub):
        """(class, value, expectation) candidates for the member at path with schema sub."""
        name = path[-1] if path and isinstance(path[-1], str) else None
        types = schema_types(sub) or []
        rng = self.rng
        cands = []
        if "integer" in types or "number" in types:
            cands += [("int:" + c, v) for c, v in INT_BOUNDARIES]
            cands += [("num:" + c, v) for c, v in RAW_NUM_BOUNDARIES]
        if "string" in types or not types:
            cands += [("str:" + c, v) for c, v in STR_BOUNDARIES]
            cands += [("str:" + c, v) for c, v in RAW_STR_BOUNDARIES]
            if isinstance(sub, dict) and sub.get("format") == "date-time" or name in ("at", "createdFrom", "createdTo"):
                cands += DATE_BOUNDARIES * 3
            if name and (name.endswith("Id") or name in ("id", "into", "from", "code", "referralCode")):
                cands += self.id_values(name) * 3
            if name == "email":
                cands += [("email:" + c, v) for c, v in [("no-tld", "a@b"), ("two-at", "a@@b.c"), ("upper", "FZ@EXAMPLE.COM"), ("spaces", " a@b.c ")]]
            if name == "phone":
                cands += [("phone:" + c, v) for c, v in [("plus", "+"), ("20-digits", "+" + "9" * 20), ("letters", "+7 abc"), ("6-digits", "123456"), ("16-digits", "+1234567890123456")]]
            if name == "birthday":
                cands += [("birthday:" + c, v) for c, v in [("feb-30", "--02-30"), ("feb-29", "--02-29"), ("month-13", "1990-13-01"), ("year-0", "0000-01-01"), ("future", "2999-01-01")]]
            if name in ("window", "period"):
                cands += [("window:" + c, v) for c, v in [("0d", "0d"), ("neg", "-1d"), ("huge", "99999999999999999999d"), ("Int64.max", f"{I64_MAX}d"), ("no-unit", "365"), ("weeks", "52w")]]
            if name == "currency":
                cands += [("currency:" + c, v) for c, v in [("lower", "rub"), ("4-letters", "RUBL"), ("digits", "123")]]
        if "array" in types:
            item = sub.get("items") if isinstance(sub, dict) else None
            cands += [("array:empty", []), ("array:null-element", [None]), ("array:nested", [[]])]
            if item is not None:
                one = self.g.from_schema(item)
                cands += [("array:51", [deep_copy(one) for _ in range(51)]), ("array:501", [deep_copy(one) for _ in range(501)]),
                          ("array:2-same", [deep_copy(one), deep_copy(one)])]
                if item.get("type") == "string" or schema_types(item) == ["string"]:
                    cands += [("array:empty-string", [""]), ("array:70KiB-element", ["c" * 70 * 1024]), ("array:NUL-element", ["\u0000"])]
        if "object" in types:
            cands += [("object:empty", {}), ("object:nested", {"a": {"b": {"c": [1, {"d": None}]}}}),
                      ("object:big-number", {"n": 2 ** 64}), ("object:NUL-key", {"\u0000": 1}),
                      ("object:1000-members", {f"k{i}": i for i in range(1000)})]
        if "boolean" in types:
            cands += [("bool:" + c, v) for c, v in [("0", 0), ("1", 1), ("string-true", "true")]]
        if not types:
            cands += [("any:" + c, v) for c, v in INT_BOUNDARIES[:12]] + [("any:" + c, v) for c, v in WRONG_TYPES]
        return cands

    def id_values(self, name):
        rng = self.rng
        kind = {"orderId": "ord", "offerId": "off", "segmentId": "seg", "code": "code",
                "referralCode": "ref"}.get(name, "cus")
        prefix = {"cus": "cus", "ord": "ord", "off": "off", "seg": "seg"}.get(kind, "cus")
        return [("id:realistic-unknown", fake_id(rng, prefix)),
                ("id:wrong-kind", Ref({"cus": "ord", "ord": "cus", "off": "seg", "seg": "off"}.get(kind, "cus"), rng.randrange(10 ** 9))),
                ("id:lowercase", Ref(kind, rng.randrange(10 ** 9), "lower")),
                ("id:trailing-space", Ref(kind, rng.randrange(10 ** 9), "space")),
                ("id:truncated", Ref(kind, rng.randrange(10 ** 9), "truncate")),
                ("id:prefix-only", prefix + "_"),
                ("id:with-NUL", Ref(kind, rng.randrange(10 ** 9), "nul")),
                ("id:LIKE-wildcard", prefix + "_%")]

    def expectation_for(self, m, path, sub, value, desc):
        """(must, why) for a member at path set to value (a python value / Raw / Ref)."""
        resolve = lambda r: "cus_X"
        lv = logical(value, resolve)
        if isinstance(value, Raw) and value.invalid:
            return "parse", "invalid UTF-8 in a string"
        if isinstance(lv, str) and re.search(r"[\ud800-\udfff]", lv):
            return None, ""            # lone surrogates: parse error or accepted, no crash
        big = longest_string(value)
        if big > MAX_STRING_BYTES:
            return ("limit", "maxStringBytes"), f"a string of {big} bytes"
        if sub is not None:
            err = schema_error(lv, sub, path_str(path), params_side=True)
            if err:
                return "params", "does not match the params schema: " + err
        types = schema_types(sub) or []
        if ("integer" in types or "number" in types) and isinstance(lv, (int, float)) and not isinstance(lv, bool):
            if lv != lv or lv in (float("inf"), float("-inf")):
                return ("params" if "integer" in types else "reject"), "not a finite number"
            iv = int_value(lv)
            if "integer" in types and iv is None:
                return "params", f"{short(lv)} is not an integer"
            num = iv if "integer" in types else lv
            stated = isinstance(sub, dict) and ("minimum" in sub or "maximum" in sub)
            if stated and (num < sub.get("minimum", num) or num > sub.get("maximum", num)):
                return "params", f"{short(num)} is outside the schema's range {sub.get('minimum')}…{sub.get('maximum')}"
            if "integer" in types and abs(iv) > DOC_MAX_INT and not stated:
                return "reject", f"{iv} is beyond every documented integer range (|n| ≤ 10^13, DESIGN §4)"
            rng_ = doc_range(desc, m.name)
            if rng_:
                lo, hi = rng_
                if (lo is not None and num < lo) or (hi is not None and num > hi):
                    return "reject", f"{short(num)} is outside the documented range {lo}…{hi}"
        return None, ""

    def member_desc(self, m, path):
        if len(path) == 1 and path[0] in m.by_name:
            return m.by_name[path[0]][3]
        # nested: find its schema description
        s = m.object_schema()
        for p in path:
            if isinstance(s, dict):
                if isinstance(p, int):
                    s = s.get("items")
                else:
                    s = (s.get("properties") or {}).get(p)
        return s.get("description", "") if isinstance(s, dict) else ""

    def mk_boundary(self, m, params, schema):
        picked = self.pick_path(params, schema, want=self.numeric_bias())
        if picked is None:
            picked = self.pick_path(params, schema)
        if picked is None:
            return self.mk_unknown(m, params, schema)
        path, sub, _ = picked
        cands = self.boundary_values(m, path, sub)
        cls, value = self.rng.choice(cands)
        return self.value_case(m, params, path, sub, cls, value)

    def numeric_bias(self):
        """Half the time, only integer and number members: where the arithmetic lives."""
        if self.rng.random() < 0.5:
            return lambda p: p[1] is not None and bool({"integer", "number"} & set(schema_types(p[1]) or []))
        return None

    def value_case(self, m, params, path, sub, cls, value):
        set_at(params, path, value)
        too_large = isinstance(value, Raw) and isinstance(value.value, float) and value.value in (float("inf"), float("-inf"))
        must, why = self.expectation_for(m, path, sub, value, self.member_desc(m, path))
        line = self.request(m.name, params)
        line.must, line.why = must, why
        if must == "parse":
            line.null_id_ok = True
        if isinstance(must, tuple):
            line.null_id_ok = True
        if isinstance(logical(value, lambda r: ""), str) and re.search(r"[\ud800-\udfff]", logical(value, lambda r: "")):
            line.null_id_ok = True
        if too_large:
            line.null_id_ok = True
        return self.finish(m, params, cls, path_str(path), line, blame=path_str(path) if must == "params" else None)

    def mk_wrongtype(self, m, params, schema):
        picked = self.pick_path(params, schema)
        if picked is None:
            return self.mk_unknown(m, params, schema)
        path, sub, _ = picked
        cls, value = self.rng.choice(WRONG_TYPES)
        value = deep_copy(value)
        set_at(params, path, value)
        must, why = self.expectation_for(m, path, sub, value, self.member_desc(m, path))
        line = self.request(m.name, params)
        line.must, line.why = must, why
        return self.finish(m, params, cls, path_str(path), line, blame=path_str(path) if must == "params" else None)

    def mk_missing(self, m, params, schema):
        reqs = []
        for path, sub, val in [((), schema, params)] + walk_paths(params, schema):
            if isinstance(val, dict) and isinstance(sub, dict) and "oneOf" not in sub and "anyOf" not in sub:
                for r in sub.get("required", []):
                    if r in val:
                        reqs.append(path + (r,))
        if not reqs:
            return self.mk_wrongtype(m, params, schema)
        path = self.rng.choice(reqs)
        del_at(params, path)
        line = self.request(m.name, params)
        line.must, line.why = "params", f"required member {path_str(path)} is missing"
        return self.finish(m, params, "missing", path_str(path), line, blame=path_str(path))

    def containers(self, params, schema, strict_only=True):
        out = [((), schema)]
        for path, sub, val in walk_paths(params, schema):
            if isinstance(val, dict) and isinstance(sub, dict) and sub.get("additionalProperties") is False:
                out.append((path, sub))
            elif isinstance(val, dict) and not strict_only:
                out.append((path, sub))
        return out

    def mk_unknown(self, m, params, schema):
        rng = self.rng
        conts = self.containers(params, schema)
        path, sub = rng.choice(conts) if rng.random() < 0.3 else conts[0]
        key = rng.choice(UNKNOWN_KEYS)
        if rng.random() < 0.03:
            key = "k" * (MAX_STRING_BYTES + 1)
        cont = get_at(params, path) if path else params
        if key in cont or (sub and key in (sub.get("properties") or {})):
            key = "unknownMember"
        cont[key] = rng.choice([1, "x", None, True, {}])
        line = self.request(m.name, params)
        fullpath = path + (key,)
        if len(key) > MAX_STRING_BYTES:
            line.must, line.why, line.null_id_ok = ("limit", "maxStringBytes"), "a key over 64 KiB", True
            cls = "unknown:64KiB-key"
        else:
            line.must, line.why = "params", f"unknown member {path_str(fullpath)!r}"
            cls = "unknown:" + (key if key.isalnum() else repr(key))
        return self.finish(m, params, cls, path_str(fullpath), line, blame=path_str(fullpath) if len(key) <= MAX_STRING_BYTES else None)

    def mk_dupkey(self, m, params, schema):
        """Duplicate members, written as raw JSON text."""
        rng = self.rng
        conts = self.containers(params, schema)
        choice = rng.random()
        dry_dup = False
        if m.mutating and choice < 0.45:
            first, last = (False, True) if rng.random() < 0.8 else (True, False)
            params.pop("dryRun", None)
            pairs = [("dryRun", first)] + list(params.items()) + [("dryRun", last)]
            if rng.random() < 0.5:
                pairs = [("dryRun", first), ("dryRun", last)] + list(params.items())
            newp = Obj(pairs)
            cls, field = f"dup:dryRun {str(first).lower()},{str(last).lower()}", "dryRun"
            dry_dup = True
            path = ()
        else:
            path, sub = rng.choice(conts) if rng.random() < 0.3 else conts[0]
            cont = get_at(params, path) if path else params
            keys = [k for k in cont.keys()]
            if not keys:
                if not m.params:
                    k = "x"
                    cont["x"] = 1
                    keys = ["x"]
                else:
                    nm, _, s, d = rng.choice(m.params)
                    cont[nm] = self.g.valid(m.name, nm, s, d)
                    keys = [nm]
            k = rng.choice(keys)
            other = self.g.valid(m.name, k, (sub or {}).get("properties", {}).get(k) if isinstance(sub, dict) else None) \
                if isinstance(k, str) else 1
            if rng.random() < 0.3:
                other = deep_copy(cont[k])     # same value twice
            pairs = list(cont.items())
            idx = [i for i, (kk, _) in enumerate(pairs) if kk == k][0]
            pairs.insert(idx + 1 if rng.random() < 0.5 else len(pairs), (k, other))
            newc = Obj(pairs)
            if path:
                set_at(params, path, newc)
                newp = params
            else:
                newp = newc
            field = path_str(path + (k,))
            cls = "dup:" + ("nested " if path else "") + ("dryRun" if k == "dryRun" else "member")
            if k == "dryRun" and (cont[k] is True or other is True):
                dry_dup = True
                cls += f" {str(cont[k]).lower()},{str(other).lower()}"
        line = self.request(m.name, newp)
        line.must, line.why = "params", f"member {field!r} appears twice"
        line.dry_dup = dry_dup and m.mutating
        c = self.finish(m, newp, cls, field, line, blame=field)
        return c

    def mk_deep(self, m, params, schema):
        rng = self.rng
        target = rng.choice([62, 63, 64, 65, 65, 66, 100])
        picked = self.pick_path(params, schema)
        if picked is None or rng.random() < 0.2:
            path = ("attributes",) if "attributes" in m.by_name else ((m.params[0][0],) if m.params else ("x",))
            sub = (m.by_name.get(path[0]) or (None, None, None))[2]
        else:
            path, sub, _ = picked
        outer = 2 + sum(1 for _ in path[:-1])   # request object, params, containers on the way
        d = max(1, target - outer)
        kind = rng.choice(["object", "array", "mixed"])
        v = 1
        for i in range(d):
            if kind == "object" or (kind == "mixed" and i % 2):
                v = {"a": v}
            else:
                v = [v]
        set_at(params, path, v)
        line = self.request(m.name, params)
        total = 1 + depth_of(params)
        if total > MAX_DEPTH:
            line.must, line.why, line.null_id_ok = ("limit", "maxDepth"), f"nesting {total} deep", True
        else:
            line.not_depth_limited = True
            err = schema_error(logical(v, lambda r: ""), sub, path_str(path), True) if sub else None
            if err:
                line.must, line.why = "params", err
                line.blame = path_str(path)
        return self.finish(m, params, f"depth:{total}", path_str(path), line)

    def mk_empty(self, m, params, schema):
        rng = self.rng
        r = rng.random()
        required = [n for n, req, _, _ in m.params if req]
        if r < 0.3:
            line = self.request(m.name, {})
            if required:
                line.must, line.why, line.blame = "params", f"required member {required[0]} is missing", "*"
            return self.finish(m, {}, "params:{}", None, line)
        if r < 0.5:
            line = self.request(m.name, None, params_present=False)
            if required:
                line.must, line.why, line.blame = "params", "params are missing", "*"
            return self.finish(m, None, "params:absent", None, line)
        if r < 0.65:
            line = self.request(m.name, None)
            return self.finish(m, None, "params:null", None, line)
        if r < 0.8:
            line = self.request(m.name, [])
            if required:
                line.must, line.why = "reject", "params [] for a method with required members"
            return self.finish(m, [], "params:[]", None, line)
        picked = self.pick_path(params, schema)
        if picked is None:
            return self.mk_valid(m, params, schema)
        path, sub, _ = picked
        cls, value = rng.choice([("empty:string", ""), ("empty:array", []), ("empty:object", {})])
        set_at(params, path, value)
        must, why = self.expectation_for(m, path, sub, value, self.member_desc(m, path))
        line = self.request(m.name, params)
        line.must, line.why = must, why
        return self.finish(m, params, cls, path_str(path), line, blame=path_str(path) if must == "params" else None)

    def mk_params_shape(self, m, params, schema):
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            value = list(params.values())
            cls = "params:array-of-values"
        elif r < 0.7:
            value = [params]
            cls = "params:array-of-object"
        else:
            value = rng.choice([1, "params", True, Raw("1e3", 1000.0)])
            cls = "params:scalar"
        line = self.request(m.name, value)
        if value != [] and not (isinstance(value, list) and not value):
            line.must, line.why = "reject", "params must be a by-name object"
        if cls != "params:scalar" and value == []:
            line.must = None
        return self.finish(m, value, cls, None, line)

    def mk_rawstr(self, m, params, schema):
        rng = self.rng
        picked = self.pick_path(params, schema,
                                want=lambda p: isinstance(p[2], str) or (p[1] is not None and "string" in (schema_types(p[1]) or [])))
        if picked is None:
            picked = self.pick_path(params, schema)
        if picked is None:
            return self.mk_unknown(m, params, schema)
        path, sub, _ = picked
        r = rng.random()
        if r < 0.5:
            cls, b = rng.choice(INVALID_UTF8)
            value = Raw(b'"a' + b + b'z"', "a?z", invalid=True)
        elif r < 0.8:
            cls, value = rng.choice(RAW_STR_BOUNDARIES)
        else:
            cls, value = "NUL", rng.choice(["\u0000", "a\u0000", "\u0000" * 10, "abc\u0000def"])
        set_at(params, path, value)
        must, why = self.expectation_for(m, path, sub, value, self.member_desc(m, path))
        line = self.request(m.name, params)
        line.must, line.why = must, why
        if must == "parse" or isinstance(value, Raw):
            line.null_id_ok = True
        return self.finish(m, params, "str:" + cls, path_str(path), line, blame=path_str(path) if must == "params" else None)

    def mk_multi(self, m, params, schema):
        rng = self.rng
        paths = walk_paths(params, schema)
        top = [p for p in paths if len(p[0]) == 1]
        if len(top) < 2:
            return self.mk_boundary(m, params, schema)
        chosen = rng.sample(top, min(len(top), rng.randrange(2, 4)))
        classes, fields, musts = [], [], []
        for path, sub, _ in chosen:
            if rng.random() < 0.6:
                cls, value = rng.choice(self.boundary_values(m, path, sub))
            else:
                cls, value = rng.choice(WRONG_TYPES)
                value = deep_copy(value)
            if isinstance(value, Raw) and (value.invalid or value.value in (float("inf"), float("-inf"))):
                value = "x"
            set_at(params, path, value)
            must, why = self.expectation_for(m, path, sub, value, self.member_desc(m, path))
            classes.append(cls)
            fields.append(path_str(path))
            if must:
                musts.append((must, why, path_str(path)))
        line = self.request(m.name, params)
        if any(isinstance(x[0], tuple) for x in musts):
            mm = [x for x in musts if isinstance(x[0], tuple)][0]
            line.must, line.why, line.null_id_ok = mm[0], mm[1], True
        elif musts:
            line.must = "params" if all(x[0] == "params" for x in musts) else "reject"
            line.why = "; ".join(x[1] for x in musts)
            line.blame = "*"
        if any(isinstance(logical(get_at(params, p[0]), lambda r: ""), str) and
               re.search(r"[\ud800-\udfff]", logical(get_at(params, p[0]), lambda r: "")) for p in chosen):
            line.null_id_ok = True
            if line.must == "params":
                line.must = None
        return self.finish(m, params, "multi:" + "+".join(classes), ",".join(fields), line)

    def mk_pair(self, m, params, schema):
        """An integral float and the same integer must get the same outcome."""
        ints = [p for p in walk_paths(params, schema)
                if isinstance(p[2], int) and not isinstance(p[2], bool) and p[1] is not None and "integer" in (schema_types(p[1]) or [])]
        if not ints:
            return self.mk_boundary(m, params, schema)
        path, sub, x = self.rng.choice(ints)
        params.pop("idempotencyKey", None)
        if m.mutating:
            params["dryRun"] = True
        variants = [f"{x}.0", f"{x}e0", f"{x}.000", f"{x}E+0"] + ([f"{x}0e-1"] if x else [])
        if x == 0:
            variants += ["-0.0", "0e5", "-0"]
        if x % 1000 == 0 and x:
            variants.append(f"{x // 1000}e3")
        text = self.rng.choice(variants)
        pa = deep_copy(params)
        set_at(pa, path, Raw(text, float(text)))
        a = self.request(m.name, pa)
        b = self.request(m.name, deep_copy(params))
        a.method = b.method = m
        a.dry = b.dry = m.mutating
        a.pair = ("same-outcome", b, text, x)
        self.n += 1
        return Case(self.n, m.name, f"num:integral-float {text}", path_str(path), [a, b])

    # the coverage sweep ----------------------------------------------------------------------
    SWEEP_STRINGS = ("empty", "whitespace", "NUL", "emoji", "RTL", "64KiB", "64KiB+1", "70KiB", "long-300",
                     "FTS-syntax", "LIKE", "SQL", "64KiB-multibyte+1")

    def full_params(self, m):
        """Valid params with every member present (for customers.get: one selector)."""
        out = {}
        for name, req, schema, desc in m.params:
            if name in ("dryRun", "idempotencyKey"):
                continue
            v = self.g.valid(m.name, name, schema, desc)
            if name in ("items", "tiers", "rules", "tags", "topics") and not v:
                v = self.g.valid(m.name, name, schema, desc) or self.g.from_schema(schema)
            out[name] = v
        return out

    def sweep_plan(self):
        """Every (method, member, boundary class) worth one case, in priority tiers, each shuffled."""
        rng = self.rng
        tiers = [[], [], []]
        for m in self.methods:
            full = self.full_params(m)
            schema = m.object_schema()
            for path, sub, val in walk_paths(full, schema):
                if any(isinstance(p, int) and p > 0 for p in path) or sub is None:
                    continue
                types = set(schema_types(sub) or [])
                if types & {"integer", "number"}:
                    for cls, v in INT_BOUNDARIES + RAW_NUM_BOUNDARIES:
                        tiers[0].append((m.name, path, ("int:" if isinstance(v, int) else "num:") + cls))
                if "string" in types:
                    for cls in self.SWEEP_STRINGS:
                        tiers[1].append((m.name, path, "str:" + cls))
                    tiers[2].append((m.name, path, "str:lone-high-surrogate"))
                    tiers[2].append((m.name, path, "rawstr"))
                    if sub.get("format") == "date-time":
                        for cls, _ in DATE_BOUNDARIES:
                            tiers[2].append((m.name, path, cls))
                for cls, _ in rng.sample(WRONG_TYPES, 3):
                    tiers[2].append((m.name, path, cls))
            if m.mutating:
                tiers[0].append((m.name, (), "dup:dryRun"))
            if m.params:
                tiers[0].append((m.name, (), "dup:member"))
                tiers[0].append((m.name, (), "missing"))
            tiers[0].append((m.name, (), "unknown"))
            tiers[1].append((m.name, (), "deep"))
        plan = []
        for t in tiers:
            rng.shuffle(t)
            plan.extend(t)
        self.plan_tiers = [len(t) for t in tiers]
        plan.reverse()                  # popped from the end: the first tier first
        return plan

    def sweep_case(self, entry):
        mname, path, cls = entry
        m = next(x for x in self.methods if x.name == mname)
        if m.name in self.quarantined:
            return None
        schema = m.object_schema()
        if not path:
            params = self.g.base_params(m)
            fn = {"dup:dryRun": self.mk_dupkey, "dup:member": self.mk_dupkey, "missing": self.mk_missing,
                  "unknown": self.mk_unknown, "deep": self.mk_deep}[cls]
            if cls == "dup:dryRun":
                saved = self.rng.random
                self.rng.random = lambda: 0.0          # take the dryRun branch once
                try:
                    return fn(m, params, schema)
                finally:
                    self.rng.random = saved
            if cls == "dup:member":
                params.pop("dryRun", None)
                params.pop("idempotencyKey", None)
                if not m.mutating:
                    return fn(m, params, schema)
                saved = self.rng.random
                seq = iter([0.99, 0.99, 0.9, 0.9])
                self.rng.random = lambda: next(seq, saved())
                try:
                    return fn(m, params, schema)
                finally:
                    self.rng.random = saved
            return fn(m, params, schema)
        if m.name == "customers.get":
            params = {}
        else:
            params = self.g.base_params(m)
        top = path[0]

        def reachable():
            try:
                parent = get_at(params, path[:-1])
            except (KeyError, IndexError, TypeError):
                return False
            if isinstance(path[-1], int):
                return isinstance(parent, list) and len(parent) > path[-1]
            return isinstance(parent, dict)
        for _ in range(6):
            if top in params and reachable():
                break
            params[top] = self.full_params(m).get(top)
        else:
            return None
        sub = {p: s_ for p, s_, _ in walk_paths(params, schema)}.get(path)
        if cls == "rawstr":
            b = self.rng.choice(INVALID_UTF8)
            return self.value_case(m, params, path, sub, "str:" + b[0], Raw(b'"a' + b[1] + b'z"', "a?z", invalid=True))
        table = dict([("int:" + c, v) for c, v in INT_BOUNDARIES] + [("num:" + c, v) for c, v in RAW_NUM_BOUNDARIES] +
                     [("str:" + c, v) for c, v in STR_BOUNDARIES + RAW_STR_BOUNDARIES] + DATE_BOUNDARIES + WRONG_TYPES)
        value = deep_copy(table[cls])
        return self.value_case(m, params, path, sub, cls, value)

    # envelope cases ------------------------------------------------------------------------
    def envelope_case(self, ping_method):
        rng = self.rng
        self.n += 1
        n = self.n
        choice = weighted(rng, [("dup-id", 3), ("dup-method", 2), ("dup-jsonrpc", 1), ("dup-params", 2),
                                ("big-id", 6), ("frac-id", 5), ("odd-id", 4), ("null-id", 1),
                                ("bad-jsonrpc", 2), ("bad-method", 3), ("notification", 5),
                                ("scalar", 2), ("garbage", 4), ("batch", 10), ("long-line", 0.3),
                                ("crlf", 1), ("bom", 1), ("bad-id-type", 2)])
        if choice == "batch":
            return self.batch_case(n)

        def L(raw_text, must=None, why="", id_text=None, null_ok=False, expects=True, alt=()):
            line = Line(Raw(raw_text, None))
            line.must, line.why, line.id_text, line.null_id_ok = must, why, id_text, null_ok
            line.has_id = id_text is not None
            line.expects_reply = expects
            line.alt_ids = alt
            return line

        nid = self.next_id = self.next_id + 1
        cls = "envelope:" + choice
        lines = []
        if choice == "dup-id":
            nid2 = self.next_id = self.next_id + 1
            lines.append(L(f'{{"jsonrpc":"2.0","id":{nid},"id":{nid2},"method":"server.ping"}}', "request",
                           "member \"id\" appears twice", str(nid), True, alt=(str(nid2),)))
        elif choice == "dup-method":
            lines.append(L(f'{{"jsonrpc":"2.0","id":{nid},"method":"server.ping","method":"server.info"}}', "request",
                           "member \"method\" appears twice", str(nid), True))
        elif choice == "dup-jsonrpc":
            lines.append(L(f'{{"jsonrpc":"2.0","jsonrpc":"1.0","id":{nid},"method":"server.ping"}}', "request",
                           "member \"jsonrpc\" appears twice", str(nid), True))
        elif choice == "dup-params":
            lines.append(L(f'{{"jsonrpc":"2.0","id":{nid},"method":"customers.search","params":{{"query":"Anna"}},"params":{{"query":"Petrova","limit":1}}}}',
                           "reject", "member \"params\" appears twice", str(nid), True))
        elif choice == "big-id":
            v = rng.choice(["9223372036854775808", "123456789012345678901234567890", str(2 ** 63 + nid),
                            str(10 ** 30 + nid), str(-(2 ** 63) - 1 - nid), str(2 ** 53 + 1 + 2 * nid), str(2 ** 64 + nid),
                            "9223372036854775807", "-9223372036854775808", str(10 ** 400 + nid)])
            lines.append(L(f'{{"jsonrpc":"2.0","id":{v},"method":"server.ping"}}', None, "", v, null_ok=len(v) > 300))
            cls = "envelope:big-id " + (v if len(v) < 32 else v[:12] + f"…({len(v)} digits)")
        elif choice == "frac-id":
            v = rng.choice([f"{nid}.5", "1.5", "0.1", "1e3", f"{nid}e0", "1E-7", "-0.0", f"{nid}.0", "2.5e+3",
                            "1e308", "1e400", "0.30000000000000004", "-1"])
            lines.append(L(f'{{"jsonrpc":"2.0","id":{v},"method":"server.ping"}}', None, "", v, null_ok=v == "1e400"))
            cls = "envelope:number-id " + v
        elif choice == "odd-id":
            v = rng.choice(['""', '"😀"', '"\\u0000"', json.dumps("x" * 1000), '"\\ud800"', '"a\\"b"', '"\\u00e9"'])
            lines.append(L(f'{{"jsonrpc":"2.0","id":{v},"method":"server.ping"}}', None, "", v, null_ok="ud800" in v))
            cls = "envelope:string-id " + (v if len(v) < 20 else "long")
        elif choice == "null-id":
            lines.append(L('{"jsonrpc":"2.0","id":null,"method":"server.ping"}', None, "", "null"))
        elif choice == "bad-id-type":
            v = rng.choice(["true", "[1]", '{"a":1}', "false"])
            lines.append(L(f'{{"jsonrpc":"2.0","id":{v},"method":"server.ping"}}', "request", "id must be a string, a number or null", None, True))
            lines[-1].has_id = True
            lines[-1].id_text = "null"
            cls = "envelope:id-type " + v
        elif choice == "bad-jsonrpc":
            v = rng.choice(['"1.0"', "2.0", '"2.0 "', "null", None])
            body = f'"jsonrpc":{v},' if v is not None else ""
            lines.append(L(f'{{{body}"id":{nid},"method":"server.ping"}}', "request", f"jsonrpc is {v}", str(nid), True))
            cls = f"envelope:jsonrpc {v}"
        elif choice == "bad-method":
            v = rng.choice(["5", "null", "[]", '{"a":1}', '""', '"customers.nope"', '"rpc.discover "', '"server.ping\\u0000"',
                            json.dumps("m" * 70000), '"SERVER.PING"', '"server..ping"'])
            must = "request" if v in ("5", "null", "[]", '{"a":1}') else "reject"
            lines.append(L(f'{{"jsonrpc":"2.0","id":{nid},"method":{v}}}', ("limit", "maxStringBytes") if len(v) > 65536 else must,
                           f"method {v[:20]}", str(nid), True))
            cls = "envelope:method " + (v if len(v) < 30 else "70KiB")
        elif choice == "notification":
            m = rng.choice(self.methods)
            variant = rng.random()
            if variant < 0.4:
                body = encode(Obj([("jsonrpc", "2.0"), ("method", "server.ping")]), lambda r: "")
            elif variant < 0.7:
                body = b'{"jsonrpc":"2.0","method":"customers.nope","params":{}}'
            else:
                body = b'{"jsonrpc":"2.0","method":"' + m.name.encode() + b'","params":{"unknownMember":1}}'
            line = L(body, None, "", None, expects=False)
            lines.append(line)
            cls = "envelope:notification"
        elif choice == "scalar":
            v = rng.choice(["1", '"x"', "null", "true", "[1]", "[null]", '[[]]'])
            if v.startswith("["):
                line = L(v, None, "", "batch", True)
                line.subs = []
                line.batch_kind = "invalid-elements"
                line.has_id = True
                lines.append(line)
            else:
                lines.append(L(v, "request", "a request must be an object", "null", True))
            cls = "envelope:top-level " + v
        elif choice == "garbage":
            v = rng.choice(["{", '{"jsonrpc":"2.0"', "{]", "nul", '{"jsonrpc":"2.0","id":1,}', "{'a':1}",
                            '{"jsonrpc":"2.0","id":NaN,"method":"server.ping"}', '{"a":1}}', "[1,]",
                            '{"jsonrpc":"2.0","id":01,"method":"server.ping"}', '{"jsonrpc":"2.0","id":1 2}',
                            '{"jsonrpc":"2.0","id":-,"method":"x"}', '{"jsonrpc":"2.0","id":1,"method":"server.ping"} x',
                            '{"jsonrpc":"2.0","id":1,"method":"server.ping"}{"a":1}', "\u00a0{}", '"\\x41"',
                            '{"jsonrpc":"2.0","id":.5,"method":"server.ping"}', '{"jsonrpc":"2.0","id":+1,"method":"server.ping"}',
                            '{"jsonrpc":"2.0","id":1e,"method":"server.ping"}', '{"jsonrpc":"2.0","id":"\t","method":"server.ping"}'])
            lines.append(L(v, "parse", "not valid JSON", "null", True))
            cls = "envelope:garbage " + v[:30]
        elif choice == "long-line":
            body = '{"jsonrpc":"2.0","id":%d,"method":"customers.search","params":{"query":"%s"}}' % (nid, "q" * (MAX_LINE_BYTES + 10))
            lines.append(L(body, ("limit", "maxLineBytes"), "a line over 1 MiB", str(nid), True))
            cls = "envelope:line-over-1MiB"
        elif choice == "crlf":
            lines.append(L(f'{{"jsonrpc":"2.0","id":{nid},"method":"server.ping"}}\r', None, "", str(nid)))
        elif choice == "bom":
            lines.append(L(f'\ufeff{{"jsonrpc":"2.0","id":{nid},"method":"server.ping"}}', None, "", str(nid), True))
        return Case(n, "(envelope)", cls, None, lines)

    def batch_case(self, n):
        rng = self.rng
        size = weighted(rng, [(0, 2), (1, 3), (2, 3), (5, 4), (10, 2), (100, 2), (101, 2), (150, 0.5)])
        subs = []
        for i in range(size):
            r = rng.random()
            if r < 0.1:
                ln = self.request("server.ping", None, with_id=False, params_present=False)
                ln.expects_reply = False
            elif r < 0.15:
                ln = Line(Raw(rng.choice(["1", '"x"', "null", "[]"]), None))
                ln.id_text, ln.has_id, ln.null_id_ok, ln.must = "null", True, True, "request"
            elif size >= 100 and r < 0.8:
                ln = self.request("server.ping", None, params_present=False)
            else:
                ms = [m for m in self.methods if m.name not in self.quarantined]
                m = rng.choice(ms)
                for _ in range(20):
                    c = self.method_case(m, allow_raw=False)
                    self.n -= 1
                    ln = c.lines[0]
                    if not (ln.null_id_ok or isinstance(ln.must, tuple) or ln.must == "parse"):
                        break
                else:
                    c = self.finish(m, self.g.base_params(m), "valid", None)
                    self.n -= 1
                    ln = c.lines[0]
                if ln.pair:
                    ln.pair = None
                ln.case_cls = c.cls
                ln.case_field = c.field
            subs.append(ln)
        batch = Line(None)
        batch.subs = subs
        batch.has_id = True
        batch.id_text = "batch"
        if size == 0:
            batch.batch_kind = "empty"
            batch.must, batch.why, batch.null_id_ok = "request", "an empty batch", True
        elif size > MAX_BATCH:
            batch.batch_kind = "over"
            batch.must, batch.why, batch.null_id_ok = ("limit", "maxBatchSize"), f"a batch of {size}", True
        else:
            batch.batch_kind = "normal"
            if not any(s.expects_reply for s in subs):
                batch.expects_reply = False
        return Case(n, "(batch)", f"batch:{size}", None, [batch])


def longest_string(v):
    if isinstance(v, str):
        return len(v.encode("utf-8", "surrogatepass"))
    if isinstance(v, Esc):
        return len(v.s.encode("utf-8", "surrogatepass"))
    if isinstance(v, dict):
        return max([longest_string(k) for k in v] + [longest_string(x) for x in v.values()] + [0])
    if isinstance(v, Obj):
        return max([longest_string(k) for k, _ in v.pairs] + [longest_string(x) for _, x in v.pairs] + [0])
    if isinstance(v, list):
        return max([longest_string(x) for x in v] + [0])
    return 0


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for v, w in pairs:
        r -= w
        if r < 0:
            return v
    return pairs[-1][0]


# ----------------------------------------------------------------------------------------------
# The server under test

EOF_MARK = object()


class Server:
    def __init__(self, binary, workdir, transport):
        self.binary = binary
        self.workdir = workdir
        self.transport = transport
        self.db = os.path.join(workdir, "fuzz.sqlite")
        self.sock_path = os.path.join(workdir, "s.sock")
        self.incarnation = 0
        self.proc = None
        self.sock = None
        self.q = None
        self.stderr_files = []

    def start(self):
        self.incarnation += 1
        errpath = os.path.join(self.workdir, f"stderr.{self.incarnation}.txt")
        self.stderr_files.append(errpath)
        self.errf = open(errpath, "wb")
        args = [self.binary, "serve", "--db", self.db, "--durability", "normal"]
        env = dict(os.environ)
        if self.transport == "socket":
            args += ["--socket", self.sock_path]
            self.outf = open(os.path.join(self.workdir, f"stdout.{self.incarnation}.txt"), "wb")
            self.proc = subprocess.Popen(args, cwd=self.workdir, stdin=subprocess.DEVNULL, stdout=self.outf,
                                         stderr=self.errf, env=env)
            deadline = time.monotonic() + 30
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with {self.proc.returncode} before listening: {self.stderr_tail()}")
                if os.path.exists(self.sock_path):
                    try:
                        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                        s.connect(self.sock_path)
                        self.sock = s
                        break
                    except OSError:
                        s.close()
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not listen within 30 s")
                time.sleep(0.02)
            stream = self.sock.makefile("rb")
        else:
            self.proc = subprocess.Popen(args, cwd=self.workdir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self.errf, env=env)
            stream = self.proc.stdout
        self.q = queue.Queue()
        q = self.q

        def reader():
            try:
                while True:
                    line = stream.readline()
                    if not line:
                        break
                    q.put(line)
            except (OSError, ValueError):
                pass
            q.put(EOF_MARK)

        threading.Thread(target=reader, daemon=True).start()

    def send(self, data):
        try:
            if self.transport == "socket":
                self.sock.sendall(data)
            else:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            return True
        except (BrokenPipeError, ConnectionResetError, OSError):
            return False

    def get(self, timeout):
        try:
            return self.q.get(timeout=timeout)
        except queue.Empty:
            return None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_dead(self, seconds):
        try:
            self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            pass
        return self.proc.poll()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.close_io()

    def close_io(self):
        if self.sock:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None
        try:
            self.errf.flush()
        except Exception:
            pass

    def stop(self):
        """Graceful stop: end of input (stdio) or SIGTERM (socket); returns the exit status."""
        if not self.alive():
            return self.proc.returncode if self.proc else None
        if self.transport == "socket":
            self.proc.send_signal(signal.SIGTERM)
        else:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        code = self.wait_dead(20)
        if code is None:
            self.kill()
            code = "still running 20 s after " + ("SIGTERM" if self.transport == "socket" else "end of input")
        self.close_io()
        return code

    def stderr_text(self, incarnation=None):
        path = self.stderr_files[(incarnation or self.incarnation) - 1]
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stderr_tail(self, n=2000):
        return self.stderr_text()[-n:]


def crash_section(text):
    """The fatal-error line and the crashed thread of a crash report."""
    out = [ln for ln in text.splitlines() if "Fatal error" in ln][:1]
    m = re.search(r'Thread \d+(?: "[^"]*")? crashed:\n(.*?)(?:\n\n|\Z)', text, re.S)
    if m:
        out.append(m.group(1))
    return "\n".join(out)


def crash_summary(text):
    """(signature, human text) of a crash report in stderr text."""
    fatal = None
    for ln in text.splitlines():
        if "Fatal error" in ln or "Swift runtime failure" in ln or "Precondition failed" in ln or "Assertion failed" in ln:
            fatal = ln.strip()
            break
    crashed = re.search(r"\*\*\* Program crashed: ([^\n]*?) at 0x", text)
    kind = crashed.group(1) if crashed else None
    if not kind:
        sig = re.search(r"\*\*\* Signal (\d+)", text)
        kind = f"signal {sig.group(1)}" if sig else None
    frame = None
    top = None
    m = re.search(r'Thread \d+(?: "[^"]*")? crashed:\n(.*?)(?:\n\n|\Z)', text, re.S)
    if m:
        frames = [f for f in m.group(1).splitlines() if re.match(r"\s*\d+ ", f)]
        if frames:
            top = re.sub(r"^\s*\d+\s+(\[[^\]]*\]\s*)*0x[0-9a-f]+\s+", "", frames[0]).strip()
        for f in frames:
            if "/Sources/" in f:
                fm = re.search(r"0x[0-9a-f]+\s+(.*?) \+ \d+ in \S+ at \S*?(Sources/\S+)", f)
                if fm:
                    frame = f"{fm.group(1)} at {fm.group(2)}"
                    break
    parts = []
    if fatal:
        fatal = re.sub(r"(, row: \[id:\S+).*", r"\1 …] (the whole row, personal data included, is printed)", fatal)
        parts.append(fatal if len(fatal) < 400 else fatal[:400] + "…")
    if kind:
        parts.append("Program crashed: " + kind)
    if top and not frame:
        parts.append("top frame: " + top[:200])
    if frame:
        parts.append("in " + frame)
    if not parts:
        tail = [l for l in text.splitlines() if l.strip()][-3:]
        parts.append("no crash report on stderr; last lines: " + " | ".join(tail)[:300])
    human = "; ".join(parts)
    sig = normalize((re.sub(r"row: \[.*", "", fatal or "")) + " " + (kind or "") + " " + re.sub(r":\d+:\d+$", "", frame or top or ""))
    return sig, human


# ----------------------------------------------------------------------------------------------
# Reading replies

DECODER = json.JSONDecoder()


def raw_members(text):
    """[(key, raw value text)] of a top-level JSON object text, duplicates kept; None if not an object."""
    i = 0
    n = len(text)
    ws = " \t\r\n"
    while i < n and text[i] in ws:
        i += 1
    if i >= n or text[i] != "{":
        return None
    i += 1
    out = []
    try:
        while True:
            while text[i] in ws:
                i += 1
            if text[i] == "}":
                return out
            key, i = json.decoder.scanstring(text, i + 1)
            while text[i] in ws:
                i += 1
            i += 1  # colon
            while text[i] in ws:
                i += 1
            _, end = DECODER.raw_decode(text, i)
            out.append((key, text[i:end]))
            i = end
            while text[i] in ws:
                i += 1
            if text[i] == ",":
                i += 1
    except (ValueError, IndexError):
        return None


def raw_elements(text):
    t = text.strip()
    if not t.startswith("["):
        return None
    i = 1
    out = []
    try:
        while True:
            while t[i] in " \t\r\n,":
                i += 1
            if t[i] == "]":
                return out
            _, end = DECODER.raw_decode(t, i)
            out.append(t[i:end])
            i = end
    except (ValueError, IndexError):
        return None


def strict_loads(text):
    def pairs(p):
        d = {}
        for k, v in p:
            if k in d:
                raise ValueError(f"duplicate member {k!r} in reply")
            d[k] = v
        return d

    def const(c):
        raise ValueError(f"{c} in reply")
    return json.loads(text, object_pairs_hook=pairs, parse_constant=const)


class Reply:
    def __init__(self, raw):
        self.raw = raw                  # bytes
        self.text = None
        self.obj = None
        self.problem = None
        self.id_text = None
        try:
            self.text = raw.decode("utf-8").rstrip("\n")
        except UnicodeDecodeError as e:
            self.problem = f"reply is not valid UTF-8: {e}"
            self.text = raw.decode("utf-8", "replace").rstrip("\n")
            return
        if self.text.endswith("\r"):
            self.problem = "reply line ends with \\r"
        try:
            self.obj = strict_loads(self.text)
        except ValueError as e:
            self.problem = f"reply is not valid JSON: {e}"
            return
        if isinstance(self.obj, dict):
            mem = raw_members(self.text) or []
            ids = [v for k, v in mem if k == "id"]
            self.id_text = ids[0] if ids else None

    def is_event(self):
        return isinstance(self.obj, dict) and "id" not in self.obj and "method" in self.obj


# ----------------------------------------------------------------------------------------------
# The fuzzer

class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.binary = os.path.abspath(args.binary)
        self.rng = random.Random(args.seed)
        self.workdir = tempfile.mkdtemp(prefix="rapport-fuzz-")
        self.server = Server(self.binary, self.workdir, args.transport)
        self.pools = {k: [] for k in ("cus", "ord", "off", "seg", "code", "ref", "cpn", "cext", "email", "phone", "oext")}
        self.pool_seen = set()
        self.failures = []
        self.cases_run = 0
        self.passed = 0
        self.failed = 0
        self.per_method = {}
        self.restarts = 0
        self.crashes = 0
        self.sync_n = 0
        self.suspects = []              # accepted lines with boundary values: (case n, method, cls, field, text)
        self.corpus_keys = set()
        self.corpus_count = 0
        self.method_crashes = {}
        self.log_lines_seen = 0
        self.notes = []
        self.recent_lines = []          # last lines sent, for crash reports
        self.db_crash_sigs = {}
        self.followups = []             # accepted writes with large numbers, to be sent again
        self.persistent_sigs = set()
        self.poisoned = None
        self.db_index = 1

    # pools ---------------------------------------------------------------------------------
    def resolve(self, ref):
        pool = self.pools.get(ref.kind) or []
        if not pool:
            fallback = {"cus": "cus", "ord": "ord", "off": "off", "seg": "seg", "cpn": "cpn"}.get(ref.kind)
            v = (fallback + "_0000000000000000000000FAKE") if fallback else "ABCD-EFGH" if ref.kind in ("code", "ref") else "nobody"
        else:
            k = ref.k
            if k % 2 == 0:
                recent = pool[-12:]
                v = recent[(k // 2) % len(recent)]
            else:
                v = pool[(k // 2) % len(pool)]
        if ref.mangle == "lower":
            v = v.lower()
        elif ref.mangle == "space":
            v = v + " "
        elif ref.mangle == "truncate":
            v = v[:-1]
        elif ref.mangle == "nul":
            v = v + "\u0000"
        return v

    def add_pool(self, kind, v):
        if isinstance(v, str) and v and (kind, v) not in self.pool_seen:
            self.pool_seen.add((kind, v))
            self.pools[kind].append(v)

    def harvest(self, method, result):
        def walk(x):
            if isinstance(x, dict):
                idv = x.get("id")
                if isinstance(idv, str):
                    for p in ("cus", "ord", "off", "seg", "cpn"):
                        if idv.startswith(p + "_"):
                            self.add_pool(p, idv)
                    if idv.startswith("cpn_") and isinstance(x.get("code"), str):
                        self.add_pool("code", x["code"])
                    if idv.startswith("cus_"):
                        self.add_pool("cext", x.get("externalId"))
                        self.add_pool("email", x.get("email"))
                        self.add_pool("phone", x.get("phone"))
                    if idv.startswith("ord_"):
                        self.add_pool("oext", x.get("externalId"))
                for v in x.values():
                    if isinstance(v, (dict, list)):
                        walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
        if method == "rpc.discover":
            return
        if method == "referrals.code" and isinstance(result, dict):
            self.add_pool("ref", result.get("code"))
        if isinstance(result, dict) and result.get("dryRun") is True:
            return
        walk(result)

    # low-level exchange --------------------------------------------------------------------
    def exchange(self, wires, timeout):
        """Sends the lines plus a sentinel ping; returns (replies before the sentinel, status)
        where status is 'ok', 'dead' or 'timeout'."""
        self.sync_n += 1
        sentinel = f"sync-{self.sync_n}"
        data = b"".join(w + b"\n" for w in wires) + b'{"jsonrpc":"2.0","id":"' + sentinel.encode() + b'","method":"server.ping"}\n'
        self.recent_lines = (self.recent_lines + list(wires))[-20:]
        sent = {"ok": True}

        def writer():
            sent["ok"] = self.server.send(data)
        t = threading.Thread(target=writer, daemon=True)
        t.start()
        replies = []
        deadline = time.monotonic() + timeout
        status = "ok"
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                status = "timeout"
                break
            item = self.server.get(min(left, 1.0))
            if item is None:
                if not self.server.alive() and self.server.q.empty():
                    status = "dead"
                    break
                continue
            if item is EOF_MARK:
                status = "dead"
                break
            if not item.endswith(b"\n"):
                continue                # the rest of a line cut off by the server's death
            r = Reply(item)
            if isinstance(r.obj, dict) and r.obj.get("id") == sentinel:
                break
            if r.is_event():
                continue
            replies.append(r)
        t.join(timeout=5)
        if status == "dead":
            self.server.wait_dead(15)
        return replies, status

    # checking ------------------------------------------------------------------------------
    def fail(self, case, kind, line, detail, reply=None, field=None, cls=None, sig=None, method=None):
        f = Failure(kind, method or (line.method.name if line is not None and line.method else case.method),
                    field if field is not None else case.field, cls or case.cls, detail, sig, line.wire if line is not None else None)
        f.reply = reply.text if reply is not None else None
        f.case = case
        case.failures.append(f)
        return f

    def check_line(self, case, line, reply, method_name=None, sub_cls=None, sub_field=None):
        """Checks one reply object against the line's expectations."""
        F = lambda kind, detail, **kw: self.fail(case, kind, line, detail, reply,
                                                  field=kw.pop("field", sub_field), cls=kw.pop("cls", sub_cls), **kw)
        obj = reply.obj
        if not isinstance(obj, dict):
            F("malformed reply", f"reply is not a JSON object: {reply.text[:200]}")
            return
        if obj.get("jsonrpc") != "2.0":
            F("malformed reply", f'reply lacks "jsonrpc":"2.0": {reply.text[:200]}')
        has_r, has_e = "result" in obj, "error" in obj
        if has_r == has_e:
            F("malformed reply", f"reply must have exactly one of result and error: {reply.text[:200]}")
            return
        mname = method_name or (line.method.name if line.method else None)
        if has_e:
            err = obj["error"]
            if not isinstance(err, dict):
                F("malformed reply", "error is not an object")
                return
            code = err.get("code")
            data = err.get("data")
            msg = str(err.get("message", ""))
            line.outcome = ("error", code, data.get("reason") if isinstance(data, dict) else None)
            if code == -32603:
                detail = msg
                log = self.log_for(mname)
                if log:
                    detail += " — server log: " + log
                F("internal error (-32603)", detail, sig=normalize(log or msg)[:120])
            if not isinstance(code, int) or isinstance(code, bool):
                F("malformed reply", f"error code is not an integer: {short(code)}")
            if not isinstance(msg, str) or not msg:
                F("malformed reply", "error has no message")
            if not isinstance(data, dict) or not isinstance(data.get("reason"), str):
                F("error without data.reason", f"code {code}: {reply.text[:300]}", sig=f"code {code}")
                data = data if isinstance(data, dict) else {}
            must = line.must
            vk = violation_kind(sub_cls or case.cls, line)
            if vk and code not in (-32602, -32600, -32001, -32700):
                F(vk, f"{line.why} — answered {code} {data.get('reason')}: {msg}", sig=vk)
                must = None
            elif vk == "duplicate member not refused" and code == -32602 and line.blame and \
                    isinstance(data.get("field"), str) and data["field"] != line.blame and "twice" not in msg:
                F(vk, f"{line.why} — refused for another member instead: {data['field']}: {msg}", sig=vk)
                line.blame = None
                must = None
            if code == -32602 and line.blame and not isinstance(data.get("field"), str):
                F("-32602 without data.field", f"{msg} (expected data.field naming {line.blame})",
                  sig=normalize(msg))
            if code == -32602 and line.blame and line.blame not in ("*",) and isinstance(data.get("field"), str):
                top = re.split(r"[.\[]", line.blame)[0]
                got = data["field"]
                if not (got == line.blame or got.startswith(top) or line.blame.startswith(got.split(".")[0].split("[")[0])):
                    F("-32602 names another field", f"data.field {got!r} but the bad member is {line.blame!r}: {msg}",
                      sig=normalize(msg))
            if must == "parse" and code != -32700:
                F("wrong error code", f"expected -32700 parse error ({line.why}), got {code}: {msg}", sig=f"{code} {normalize(msg)}")
            if isinstance(must, tuple):
                if code != -32001 or data.get("limit") != must[1]:
                    F("wrong error code", f"expected -32001 limit {must[1]} ({line.why}), got {code} {data.get('limit')}: {msg}",
                      sig=f"{code} {normalize(msg)}")
                elif data.get("max") is None:
                    F("limit error without data.max", msg)
            if must in ("params",) and code not in (-32602, -32001, -32600, -32700):
                F("wrong error code", f"expected -32602 ({line.why}), got {code} {data.get('reason')}: {msg}",
                  sig=f"{code} {data.get('reason')}")
            if must == "request" and code not in (-32600, -32700, -32001):
                F("wrong error code", f"expected -32600 ({line.why}), got {code}: {msg}", sig=f"{code} {normalize(msg)}")
            if line.not_depth_limited and code == -32001 and data.get("limit") == "maxDepth":
                F("depth limit off by one", f"{case.cls} refused: {msg}")
            if code == -32700 and reply.id_text not in (None, "null"):
                F("parse error with an id", f"a parse error must carry id null, got {reply.id_text}")
        else:
            result = obj["result"]
            line.outcome = ("ok",)
            line.result = result
            if mname == "loyalty.check" and isinstance(result, dict) and result.get("mismatches"):
                F("loyalty.check finds mismatches", "cached balances disagree with their ledger: " + short(result["mismatches"][:3], 300),
                  sig="mismatch")
            if line.must:
                kind = {"params": "invalid params accepted", "reject": "invalid value accepted",
                        "request": "invalid request accepted", "parse": "invalid JSON accepted"}.get(line.must) \
                    if not isinstance(line.must, tuple) else f"{line.must[1]} limit not enforced"
                kind = violation_kind(sub_cls or case.cls, line) or kind
                F(kind, line.why + " — answered a result: " + short(result, 160), sig=kind + " " + (sub_field or case.field or ""))
            if line.method and line.method.mutating:
                is_wrapper = isinstance(result, dict) and result.get("dryRun") is True and "result" in result
                if line.dry and not is_wrapper:
                    F("dryRun:true committed", "the reply is a committed result, not the dry-run wrapper: " + short(result, 160))
                elif line.dry_dup and not is_wrapper:
                    F("dryRun:true committed", f"duplicate dryRun members ({case.cls}) and the mutation committed: " + short(result, 160),
                      sig="dup dryRun committed")
                inner = result["result"] if is_wrapper else result
                if is_wrapper and not isinstance(result.get("events"), list):
                    F("result schema mismatch", "dry-run wrapper without an events array")
            else:
                inner = result
            if line.method and line.method.result_schema:
                err = schema_error(inner, line.method.result_schema, "result")
                if err:
                    F("result schema mismatch", err, sig=normalize(re.sub(r"\[\d+\]", "[]", err)))
            if mname:
                self.harvest(mname, result)
            text = (line.wire or b"").decode("utf-8", "replace")
            big = BIG_NUMBER_RE.search(text)
            if line.method and line.method.mutating and big and not (isinstance(result, dict) and result.get("dryRun") is True):
                # an accepted write with a large number: a suspect when state breaks later, and worth repeating
                self.suspects.append((case.n, mname, sub_cls or case.cls, sub_field or case.field, text,
                                      set(m.group(0) for m in ID_RE.finditer(text))))
                if getattr(line, "repeats", 0) < 2 and len(self.followups) < 200:
                    self.followups.append((text, getattr(line, "repeats", 0) + 1, sub_cls or case.cls, sub_field or case.field))
            if big and isinstance(line.env, Obj):
                self.check_echo(case, line, reply, result, sub_cls, sub_field)

    def check_echo(self, case, line, reply, result, sub_cls, sub_field):
        """An integer beyond 2^53 that comes back under the same name must come back unchanged."""
        params = dict(line.env.pairs).get("params")
        if not isinstance(params, dict):
            return
        res = result["result"] if isinstance(result, dict) and result.get("dryRun") is True else result
        for k, v in params.items():
            if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2 ** 53:
                back = find_key(res, k)
                rounded = int(float(v)) if abs(v) < 1e300 else None
                if back and v not in back and rounded in back and rounded != v:
                    self.fail(case, "integer changed on the way", line,
                              f"{k} was sent as {v}, the result holds {back[0]}", reply, field=k, cls=sub_cls,
                              sig="integer changed")

    def log_for(self, method):
        """The newest server log line about an internal error in method (details of a -32603)."""
        lines = self.server.stderr_text().splitlines()
        found = None
        for i, ln in enumerate(lines):
            if "internal error" in ln and (method is None or f"in {method}" in ln):
                j = i
                while j > 0 and not re.match(r"\d{4}-\d\d-\d\dT", lines[j]) and i - j < 30:
                    j -= 1          # a log entry whose SQL spans several lines
                found = " ".join(lines[j:i + 1])
        if found:
            found = re.sub(r"^\S+ (error|warning|critical) rapport: ", "", found)
            found = re.sub(r"\s+", " ", found)
            return found[:400]
        return None

    def check_batch(self, case, line, reply):
        """A batch line's reply: one array with a reply per element that has an id."""
        if line.batch_kind in ("empty", "over"):
            if isinstance(reply.obj, list):
                self.fail(case, "wrong batch reply", line, f"{case.cls}: expected one error object, got an array of {len(reply.obj)}", reply)
                return
            self.check_line(case, line, reply)
            return
        if not isinstance(reply.obj, list):
            if isinstance(reply.obj, dict) and "error" in reply.obj:
                self.check_line(case, line, reply)
                if line.batch_kind == "invalid-elements":
                    self.fail(case, "wrong batch reply", line, f"{case.cls}: expected an array of errors, got {reply.text[:200]}", reply)
                    return
            self.fail(case, "wrong batch reply", line, f"expected an array, got {reply.text[:200]}", reply)
            return
        elems = raw_elements(reply.text) or []
        if line.batch_kind == "invalid-elements":
            for e in reply.obj:
                if not (isinstance(e, dict) and "error" in e and e.get("id") is None):
                    self.fail(case, "wrong batch reply", line, f"invalid element answered with {short(e)}", reply)
            return
        expected = [s for s in line.subs if s.expects_reply]
        by_id = {}
        nulls = []
        for s in expected:
            if s.id_text == "null":
                nulls.append(s)
            else:
                by_id.setdefault(s.id_text, []).append(s)
        if len(elems) != len(expected):
            self.fail(case, "wrong batch reply", line,
                      f"{len(expected)} elements expect a reply, the array holds {len(elems)}", reply)
        for etext in elems:
            er = Reply(etext.encode())
            if er.problem or not isinstance(er.obj, dict):
                self.fail(case, "wrong batch reply", line, f"batch element is not an object: {etext[:200]}", reply)
                continue
            cands = by_id.get(er.id_text)
            if cands:
                s = cands.pop(0)
            elif er.id_text == "null" and nulls:
                s = nulls.pop(0)
            else:
                # a null id for a sub-line whose whole request was refused at parse level
                s = next((x for lst in by_id.values() for x in lst if x.null_id_ok), None)
                if s is None or er.id_text != "null":
                    self.fail(case, "wrong batch reply", line, f"batch reply with unexpected id {er.id_text}", reply)
                    continue
                for lst in by_id.values():
                    if s in lst:
                        lst.remove(s)
            s.wire = s.wire or b""
            self.check_line(case, s, er, sub_cls=getattr(s, "case_cls", None), sub_field=getattr(s, "case_field", None))
        missing = [s.id_text for lst in by_id.values() for s in lst] + ["null"] * len(nulls)
        if missing and len(elems) == len(expected):
            self.fail(case, "wrong batch reply", line, f"no reply for batch ids {missing[:5]}", reply)

    def id_matches(self, line, reply):
        if reply.id_text == line.id_text or reply.id_text in line.alt_ids:
            return True
        if line.id_text and reply.id_text and line.id_text.startswith('"') and reply.id_text.startswith('"'):
            try:
                if json.loads(line.id_text) == json.loads(reply.id_text):
                    return True     # strings compare by value; numbers by their text
            except ValueError:
                pass
        if line.null_id_ok and reply.id_text == "null":
            return True
        return False

    def check_slot(self, case, line, reply):
        if reply.problem:
            self.fail(case, "malformed reply", line, reply.problem + ": " + reply.text[:200], reply)
            if reply.obj is None:
                return
        if line.subs is not None:
            self.check_batch(case, line, reply)
            return
        problem = None if self.id_matches(line, reply) else id_problem(line.id_text, reply.id_text)
        if problem:
            kind, detail = problem
            self.fail(case, kind, line, detail, reply, sig=kind)
        self.check_line(case, line, reply)

    def check_pairs(self, case):
        for line in case.lines:
            if line.pair and line.outcome and line.pair[1].outcome:
                other = line.pair[1]
                a, b = line.outcome, other.outcome
                if a[0] != b[0] or (a[0] == "error" and a[:3] != b[:3]):
                    self.fail(case, "integral float treated unlike the integer", line,
                              f"{line.pair[2]} answered {describe_outcome(a)}, {line.pair[3]} answered {describe_outcome(b)}",
                              sig=f"{describe_outcome(a)} vs {describe_outcome(b)}")

    # running -------------------------------------------------------------------------------
    def run_cases(self, cases, timeout=120, pinpoint=True):
        """Sends cases pipelined, checks every reply; handles crashes and hangs."""
        wires = []
        slots = []
        for c in cases:
            for ln in c.lines:
                if ln.wire is not None:
                    pass                    # a replay sends the very bytes sent the first time
                elif ln.subs is not None and not isinstance(ln.env, Raw):
                    parts = [s.encode(self.resolve) for s in ln.subs]
                    ln.wire = b"[" + b",".join(parts) + b"]"
                else:
                    ln.encode(self.resolve)
                wires.append(ln.wire)
                if ln.expects_reply:
                    slots.append((c, ln))
            self.corpus_add(c)
        replies, status = self.exchange(wires, timeout)
        i = j = 0
        answered = set()
        while i < len(slots) and j < len(replies):
            c, ln = slots[i]
            r = replies[j]
            if ln.subs is not None or self.id_matches(ln, r) or len(replies) == len(slots):
                self.check_slot(c, ln, r)
                answered.add(id(ln))
                i += 1
                j += 1
                continue
            # look ahead to re-align: a missing reply, or an extra one
            later = next((k for k in range(i + 1, min(i + 30, len(slots))) if self.id_matches(slots[k][1], r)), None)
            if later is not None:
                for k in range(i, later):
                    if status == "ok":
                        cc, ll = slots[k]
                        self.fail(cc, "no reply", ll, "this request got no reply (the next replies were for later requests)")
                        answered.add(id(ll))
                i = later
                continue
            nxt = next((k for k in range(j + 1, min(j + 30, len(replies))) if self.id_matches(ln, replies[k])), None)
            if nxt is not None:
                for k in range(j, nxt):
                    self.extra_reply(cases, replies[k])
                j = nxt
                continue
            self.check_slot(c, ln, r)
            answered.add(id(ln))
            i += 1
            j += 1
        for k in range(j, len(replies)):
            self.extra_reply(cases, replies[k])
        if status == "ok":
            for k in range(i, len(slots)):
                c, ln = slots[k]
                self.fail(c, "no reply", ln, "this request got no reply before the next ping's")
                answered.add(id(ln))
        unanswered = [c for c in cases if any(ln.expects_reply and id(ln) not in answered for ln in c.lines)]
        if status != "ok":
            self.handle_death(cases, unanswered, status, pinpoint)
        for c in cases:
            if c not in unanswered or status == "ok":
                self.check_pairs(c)
                c.done = True
        return status

    def extra_reply(self, cases, reply):
        c = cases[0]
        notif = [x for x in cases if any(not ln.expects_reply for ln in x.lines)]
        target = notif[0] if notif else c
        self.fail(target, "unexpected reply", target.lines[0],
                  f"a reply that matches no request (to a notification?): {reply.text[:200]}", reply)

    def handle_death(self, cases, unanswered, status, pinpoint):
        server_text = self.server.stderr_text()
        if status == "timeout":
            self.server.kill()
            sig, human = "hang", "no reply within the time limit (killed)"
        else:
            sig, human = crash_summary(server_text)
        crash_ids = set(m.group(0) for m in ID_RE.finditer(crash_section(server_text)))
        self.crashes += 1
        self.db_crash_sigs[sig] = self.db_crash_sigs.get(sig, 0) + 1
        in_flight = [ln.wire for c in unanswered for ln in c.lines][:8]
        if not unanswered:
            in_flight = self.recent_lines[-5:]
        if pinpoint:
            print(f"  ! server {'hung' if status == 'timeout' else 'crashed'} (exit {self.server.proc.returncode}): {human[:300]}", flush=True)
            n_flight = sum(len(c.lines) for c in unanswered)
            print(f"    {n_flight} lines were unanswered (in flight) when it died; the first of them:", flush=True)
            for w in in_flight[:3]:
                print("      " + clip(w, 300), flush=True)
            print("    replaying them one at a time on the restarted server to find the crashing line …", flush=True)
        self.restart()
        kind = "crash" if status != "timeout" else "hang"
        if not pinpoint or not unanswered:
            for c in unanswered[:1] or cases[-1:]:
                f = self.fail(c, kind, c.lines[0], human, sig=sig)
                f.context = {"in_flight": [clip(w, 2000) for w in in_flight]}
                if not pinpoint:
                    f.context = {"reproduced": "crashed again when replayed alone after a restart on the same database"}
                f.crash_ids = crash_ids
                self.note_method_crash(c.method)
                if (c.cls in ("valid", "audit") or self.db_crash_sigs[sig] >= 6) and not self.poisoned:
                    self.poisoned = (sig, human, c, f, c.cls in ("valid", "audit"))
            return
        # replay the unanswered cases one by one to find the crashing line
        culprit = False
        for c in unanswered:
            if self.poisoned:
                c.done = True
                continue
            for ln in c.lines:
                ln.outcome = None
            st = self.run_cases([c], timeout=60, pinpoint=False)
            if st != "ok":
                culprit = True
                print("    → crashes alone: " + clip(c.lines[0].wire or b"", 300), flush=True)
            c.done = True
        if not culprit and not self.poisoned:
            c = unanswered[0]
            f = self.fail(c, kind, c.lines[0],
                          human + " (not reproduced when the in-flight lines were replayed one at a time)", sig=sig)
            f.context = {"in_flight": [clip(w, 2000) for w in in_flight]}
            f.crash_ids = crash_ids
            self.note_method_crash(c.method)

    def handle_poison(self):
        """A crash that comes back on the same database with harmless input: report it, go on with a fresh database."""
        sig, human, c, f, benign = self.poisoned
        self.poisoned = None
        if not benign:
            # the same input crash again and again: start afresh, but it is not a poisoned database
            self.notes.append(f"{human[:120]}: {self.db_crash_sigs.get(sig)} crashes on one database; "
                              f"the run went on with a fresh database")
            self.rotate_db()
            return
        ids = getattr(f, "crash_ids", set()) | set(m.group(0) for m in ID_RE.finditer((f.line or b"").decode("utf-8", "replace")))
        sus = [x for x in self.suspects if x[5] & ids][-6:] or self.suspects[-3:]
        self.persistent_sigs.add(sig)
        p = self.fail(c, "crash persists after restart", c.lines[0],
                      f"{human} — the crash comes back after restarting on the same database with input that "
                      f"does not cause it by itself: the database was left in a state the server cannot read", sig=sig)
        p.context = {"records in the crash report": sorted(ids)[:6],
                     "earlier accepted lines that wrote those records": [x[4] for x in sus]}
        p.suspects = sus
        if c.failures and c.failures[-1] is p and getattr(c, "accounted", False):
            c.failures.pop()
            self.failures.append(p)     # the case was counted already (an audit read)
        print(f"  ! the crash persists after restart; going on with a fresh database fuzz-{self.db_index + 1}.sqlite", flush=True)
        self.notes.append(f"database poisoned ({human[:120]}); the run went on with a fresh database fuzz-{self.db_index + 1}.sqlite")
        self.rotate_db()

    def rotate_db(self):
        self.db_index += 1
        self.server.kill()
        self.server.db = os.path.join(self.workdir, f"fuzz-{self.db_index}.sqlite")
        self.db_crash_sigs = {}
        self.restarts += 1
        self.server.start()
        self.pools = {k: [] for k in self.pools}
        self.pool_seen = set()
        self.seed_state(random.Random(self.args.seed + 1 + self.db_index))

    def note_method_crash(self, method):
        self.method_crashes[method] = self.method_crashes.get(method, 0) + 1

    def restart(self):
        self.server.kill()
        self.restarts += 1
        if self.restarts > self.args.max_restarts:
            raise RuntimeError(f"more than {self.args.max_restarts} restarts; giving up")
        try:
            self.server.start()
        except RuntimeError as e:
            raise RuntimeError(f"the server does not start again on the same database: {e}")
        replies, status = self.exchange([], 30)
        if status != "ok":
            sig, human = crash_summary(self.server.stderr_text())
            raise RuntimeError(f"the server dies right after a restart on the same database: {human}")

    # audits --------------------------------------------------------------------------------
    def audit(self, factory):
        """Reads everything back: every customer, order, balance and coupon, pages followed, and
        loyalty.check; state that an accepted request left unreadable or inconsistent shows here."""
        have = lambda n: n in self.by_name and n not in factory.quarantined
        cases = []

        def case(method, params):
            m = self.by_name[method]
            c = factory.finish(m, params, "audit", None)
            cases.append(c)
            return c
        for kind, method, key in (("cus", "customers.get", "id"), ("cus", "loyalty.balance", "customerId"),
                                  ("cus", "tiers.status", "customerId"), ("seg", "segments.members", "id")):
            if have(method):
                for v in self.pools[kind][-300:]:
                    case(method, {key: v})
        if have("loyalty.check"):
            case("loyalty.check", {})
        if cases:
            self.run_cases(cases)
            for c in cases:
                self.account(c)
        for method in ("customers.list", "orders.list", "coupons.list"):
            cursor = None
            for _ in range(20):
                if not have(method) or self.poisoned:
                    break
                c = case(method, {"limit": 1000, "cursor": cursor})
                self.run_cases([c])
                self.account(c)
                res = getattr(c.lines[0], "result", None)
                cursor = res.get("nextCursor") if isinstance(res, dict) else None
                if not cursor:
                    break
        if self.poisoned:
            self.handle_poison()

    # seeding -------------------------------------------------------------------------------
    def call_batch(self, calls):
        """Pipelines (method, params) calls; returns the results (None on error)."""
        wires = []
        for i, (m, p) in enumerate(calls):
            wires.append(encode(Obj([("jsonrpc", "2.0"), ("id", f"seed-{i}"), ("method", m), ("params", p)]), self.resolve))
        replies, status = self.exchange(wires, 60)
        if status != "ok":
            raise RuntimeError(f"the server died while seeding: {crash_summary(self.server.stderr_text())[1]}")
        out = []
        by = {r.obj.get("id"): r.obj for r in replies if isinstance(r.obj, dict)}
        for i, (m, p) in enumerate(calls):
            r = by.get(f"seed-{i}")
            if r and "result" in r:
                self.harvest(m, r["result"])
                out.append(r["result"])
            else:
                out.append(None)
                if r:
                    self.notes.append(f"seeding {m} failed: {short(r.get('error'), 200)}")
        return out

    def seed_state(self, rng):
        names = ["Anna Petrova", "Ivan Sidorov", "Zoë O'Brien", "Mohammed Ali", "李小龍", "Olga K", "New One", "New Two"]
        calls = []
        for i, nm in enumerate(names):
            calls.append(("customers.create", {"name": nm, "email": f"seed{i}-{rng.randrange(10 ** 6)}@example.com",
                                               "phone": f"+7 999 {rng.randrange(10 ** 7):07d}", "externalId": f"seed-{i}-{rng.randrange(10 ** 6)}",
                                               "tags": ["vip"] if i % 2 else ["new"], "consent": {"email": True, "sms": i % 2 == 0},
                                               "birthday": "1990-05-17" if i % 3 else "--03-14", "source": "ad" if i % 2 else "organic"}))
        custs = self.call_batch(calls)
        ids = [c["id"] for c in custs if c]
        if not ids:
            raise RuntimeError("seeding: customers.create fails: " + "; ".join(self.notes[-3:]))
        calls = []
        for i, cid in enumerate(ids[:6]):
            for k in range(2):
                calls.append(("orders.record", {"customerId": cid, "externalId": f"seed-o{i}-{k}-{rng.randrange(10 ** 6)}",
                                                "amount": 150000 + 1000 * i + k, "items": [{"sku": "SKU-1", "quantity": 1, "price": 150000 + 1000 * i + k}]}))
            calls.append(("loyalty.earn", {"customerId": cid, "points": 500, "reason": "seed"}))
        calls += [("offers.create", {"name": "Ten percent", "kind": "percent", "value": 10, "validDays": 30}),
                  ("offers.create", {"name": "Fifty off", "kind": "amount", "value": 5000, "validDays": 30}),
                  ("offers.create", {"name": "Points", "kind": "points", "value": 100, "validDays": 30}),
                  ("offers.create", {"name": "Gift", "kind": "gift", "gift": "a mug", "validDays": 30}),
                  ("segments.create", {"name": f"big spenders {rng.randrange(10 ** 6)}", "rule": {"field": "totalSpent", "op": ">=", "value": 100000}}),
                  ("segments.create", {"name": f"vip {rng.randrange(10 ** 6)}", "rule": {"field": "tags", "op": "contains", "value": "vip"}}),
                  ("referrals.code", {"customerId": ids[0]}),
                  ("referrals.code", {"customerId": ids[1 % len(ids)]})]
        for cid in ids[:2]:
            calls.append(("interactions.log", {"customerId": cid, "channel": "email", "direction": "out", "kind": "message", "summary": "hello"}))
            calls.append(("carts.update", {"customerId": cid, "items": [{"sku": "SKU-2", "quantity": 2, "price": 1000}]}))
        known = {m.name for m in self.methods}
        self.call_batch([c for c in calls if c[0] in known])
        calls = []
        for off in self.pools["off"]:
            for cid in ids[:3]:
                calls.append(("coupons.issue", {"offerId": off, "customerId": cid}))
        for cid in ids[6:]:
            if self.pools["ref"]:
                calls.append(("referrals.link", {"customerId": cid, "code": self.pools["ref"][0]}))
        self.call_batch([c for c in calls if c[0] in known])

    def followup_case(self, factory, text, repeats, cls, field):
        """The same accepted write again (fresh natural keys): sums and balances are where overflows hide."""
        try:
            obj = json.loads(text)
        except ValueError:
            return None
        if not isinstance(obj, dict) or not isinstance(obj.get("params"), dict) or obj.get("method") not in self.by_name:
            return None
        m = self.by_name[obj["method"]]
        if m.name in factory.quarantined:
            return None
        p = obj["params"]
        for k in ("externalId", "reference", "to", "email", "phone"):
            if isinstance(p.get(k), str):
                p[k] = ("fz" + factory.g.uniq() + "@example.com") if k == "email" else \
                       ("+7 9" + factory.g.uniq()[-9:]) if k == "phone" else k + "-" + factory.g.uniq()
        if m.name in ("segments.create", "offers.create") and isinstance(p.get("name"), str):
            p["name"] = "again " + factory.g.uniq()
        p.pop("idempotencyKey", None)
        idv, idt = factory.new_id()
        line = Line(Obj([("jsonrpc", "2.0"), ("id", idv), ("method", m.name), ("params", p)]), m)
        line.id_text, line.has_id = idt, True
        line.repeats = repeats
        factory.n += 1
        return Case(factory.n, m.name, "repeat:" + (cls or ""), field, [line])

    def refresh_cases(self, factory):
        """A few valid cases per chunk that keep fresh records in the pools."""
        out = []
        g = factory.g
        for name in ("customers.create", "customers.create", "orders.record", "offers.create", "coupons.issue",
                     "referrals.code", "segments.create", "loyalty.earn"):
            m = self.by_name.get(name)
            if not m or name in factory.quarantined:
                continue
            p = g.base_params(m)
            p.pop("dryRun", None)
            p.pop("idempotencyKey", None)
            if name in ("orders.record", "loyalty.earn", "coupons.issue", "referrals.code"):
                p["customerId"] = Ref("cus", 2 * self.rng.randrange(3))   # a recent customer
            out.append(factory.finish(m, p, "valid", None))
        return out

    # corpus --------------------------------------------------------------------------------
    def corpus_add(self, case):
        if not self.args.corpus or case.cls == "valid" or self.corpus_count >= self.args.corpus_max:
            return
        key = (case.method, norm_path(case.field or ""), re.sub(r"\d+", "N", case.cls)[:60])
        if key in self.corpus_keys:
            return
        self.corpus_keys.add(key)
        for ln in case.lines[:1]:
            if ln.wire is None or len(ln.wire) > 200000:
                continue
            name = hashlib.sha1(ln.wire).hexdigest()
            path = os.path.join(self.args.corpus, name)
            if not os.path.exists(path):
                with open(path, "wb") as f:
                    f.write(ln.wire + b"\n")
                self.corpus_count += 1

    # main loop -----------------------------------------------------------------------------
    def run(self):
        a = self.args
        t0 = time.monotonic()
        if a.corpus:
            os.makedirs(a.corpus, exist_ok=True)
        self.server.start()
        wires = [b'{"jsonrpc":"2.0","id":"discover","method":"rpc.discover"}']
        replies, status = self.exchange(wires, 60)
        if status != "ok" or not replies or not isinstance(replies[0].obj, dict) or "result" not in replies[0].obj:
            raise RuntimeError("rpc.discover failed: " + (replies[0].text[:300] if replies else status))
        doc = replies[0].obj["result"]
        self.methods = [Method(d) for d in doc.get("methods", [])]
        self.by_name = {m.name: m for m in self.methods}
        print(f"rapport fuzz: {len(self.methods)} methods from rpc.discover (OpenRPC {doc.get('openrpc')}), "
              f"seed {a.seed}, {a.cases} cases, transport {a.transport}, workdir {self.workdir}", flush=True)
        self.seed_state(random.Random(a.seed + 1))
        print(f"  seeded: " + ", ".join(f"{len(v)} {k}" for k, v in self.pools.items() if v), flush=True)
        gen = Gen(self.rng, self.methods, self.workdir)
        factory = CaseFactory(gen, self.methods, self.rng)
        self.factory = factory
        factory.n = 0
        total = 0
        next_progress = max(1000, a.cases // 5)
        all_cases = []
        plan = factory.sweep_plan() if a.sweep_share > 0 else []
        self.plan_size = len(plan)
        self.swept = 0
        while total < a.cases:
            chunk = []
            if a.refresh:
                chunk += self.refresh_cases(factory)
            while self.followups and len(chunk) < a.chunk // 4:
                c = self.followup_case(factory, *self.followups.pop(0))
                if c is not None:
                    chunk.append(c)
            while len(chunk) < a.chunk and total + len(chunk) < a.cases:
                c = None
                r = self.rng.random()
                if r < a.envelope_share:
                    c = factory.envelope_case(self.by_name.get("server.ping"))
                elif plan and r < a.envelope_share + a.sweep_share:
                    c = factory.sweep_case(plan.pop())
                    if c is not None:
                        self.swept += 1
                if c is None:
                    ms = [m for m in self.methods if m.name not in factory.quarantined]
                    m = self.rng.choice(ms)
                    c = factory.method_case(m)
                chunk.append(c)
            chunk = chunk[: max(1, a.cases - total)]
            self.run_cases(chunk)
            if self.poisoned:
                self.handle_poison()
            total += len(chunk)
            for c in chunk:
                self.account(c)
            if a.audit_every and (total // a.audit_every != (total - len(chunk)) // a.audit_every or total >= a.cases):
                self.audit(factory)
            all_cases.extend(c for c in chunk if c.failures)
            for mname, k in self.method_crashes.items():
                if k >= a.quarantine_after and mname not in factory.quarantined and mname in self.by_name:
                    factory.quarantined.add(mname)
                    self.notes.append(f"{mname} was quarantined after {k} crashes: its later cases were not generated")
                    print(f"  ! {mname} quarantined after {k} crashes", flush=True)
            if total >= next_progress:
                print(f"  {total}/{a.cases} cases, {self.failed} failed, {self.crashes} crashes, "
                      f"{time.monotonic() - t0:.1f} s", flush=True)
                next_progress += max(1000, a.cases // 5)
        self.final_checks()
        self.elapsed = time.monotonic() - t0
        if a.confirm:
            self.confirm()
        return self.summary()

    def account(self, c):
        c.accounted = True
        self.cases_run += 1
        pm = self.per_method.setdefault(c.method, [0, 0])
        pm[0] += 1
        if c.failures:
            pm[1] += 1
            self.failed += 1
            self.failures.extend(c.failures)
        else:
            self.passed += 1
        # method counts of batch elements
        for ln in c.lines:
            for s in ln.subs or []:
                if s.method:
                    self.per_method.setdefault(s.method.name + " (in batches)", [0, 0])[0] += 1

    def final_checks(self):
        final = Case(0, "(server)", "final", None, [])
        ping = Line(Raw('{"jsonrpc":"2.0","id":"final-ping","method":"server.ping"}', None))
        ping.id_text = '"final-ping"'
        final.lines = [ping]
        if not self.server.alive():
            self.fail(final, "server not alive at the end", ping, "the server process is not running")
        else:
            ping.encode(self.resolve)
            replies, status = self.exchange([ping.wire], 30)
            if status != "ok" or not replies or replies[0].obj is None or replies[0].obj.get("result") != "pong":
                self.fail(final, "server not alive at the end", ping, f"server.ping did not answer pong ({status})")
        code = self.server.stop()
        if code != 0:
            self.fail(final, "unclean shutdown", ping,
                      f"after {'SIGTERM' if self.args.transport == 'socket' else 'end of input'} the server exited with {code}: "
                      + crash_summary(self.server.stderr_text())[1][:300])
        if self.args.transport == "socket" and os.path.exists(self.server.sock_path):
            self.fail(final, "unclean shutdown", ping, "the socket file was not removed on SIGTERM")
        # stderr of every incarnation
        crashes_seen = self.crashes
        for inc in range(1, self.server.incarnation + 1):
            text = self.server.stderr_text(inc)
            hits = [p for p in STDERR_PATTERNS if p in text]
            if hits and inc == self.server.incarnation and code == 0:
                self.fail(final, "crash text on stderr", ping, f"stderr of the last server holds {hits}: " + crash_summary(text)[1])
        if final.failures:
            self.failures.extend(final.failures)
            self.failed += 1
        self.crashes_seen = crashes_seen

    # confirmation --------------------------------------------------------------------------
    def confirm(self):
        """Replays the example of each distinct failure on a fresh database."""
        groups = self.groups()
        print(f"confirming {len(groups)} distinct failures on fresh databases …", flush=True)
        for g in groups:
            f = g["example"]
            if f.kind in ("unclean shutdown", "server not alive at the end", "crash text on stderr") or f.line is None:
                continue
            g["confirm"] = self.confirm_one(f)

    def confirm_one(self, f):
        text = f.line
        sus = []
        if f.case and f.case.cls == "valid" or f.kind in ("crash", "internal error (-32603)", "result schema mismatch"):
            ids = set(m.group(0) for m in ID_RE.finditer(text.decode("utf-8", "replace")))
            sus = [s for s in self.suspects if s[0] < (f.case.n if f.case else 10 ** 9) and (s[5] & ids)][-8:]
        sus = getattr(f, "suspects", None) or sus
        attempts = [("alone", [])] + ([("after the accepted boundary lines for the same records", sus)] if sus else [])
        for label, prefix in attempts:
            d = tempfile.mkdtemp(prefix="rapport-confirm-", dir=self.workdir)
            srv = Server(self.binary, d, "stdio")
            try:
                srv.start()
                sub = Fuzzer.__new__(Fuzzer)
                sub.__dict__.update({"server": srv, "pools": {k: [] for k in self.pools}, "pool_seen": set(), "notes": [],
                                     "methods": self.methods, "by_name": self.by_name, "sync_n": 0, "recent_lines": [],
                                     "suspects": [], "args": self.args})
                sub.seed_state(random.Random(self.args.seed + 1))
                mapping = {}

                def remap(b):
                    s = b.decode("utf-8", "surrogateescape")

                    def rep(m):
                        v = m.group(0)
                        kind = m.group(1)
                        if v not in mapping:
                            pool = sub.pools.get(kind) or []
                            used = [x for x in mapping.values() if x.startswith(kind)]
                            mapping[v] = pool[len(used) % len(pool)] if pool else v
                        return mapping[v]
                    s = ID_RE.sub(rep, s)
                    for kind in ("code", "ref"):
                        for i, c in enumerate(self.pools[kind]):
                            if c in s and sub.pools[kind]:
                                s = s.replace(c, sub.pools[kind][i % len(sub.pools[kind])])
                    return s.encode("utf-8", "surrogateescape")
                wires = [remap(p[4].encode("utf-8", "surrogatepass")) for p in prefix] + [remap(text)]
                replies, status = sub.exchange(wires, 60)
                last = replies[-1] if len(replies) == len(wires) else None
                if status != "ok":
                    return f"reproduces on a fresh database {label} (server {'hung' if status == 'timeout' else 'crashed'}: " \
                           f"{crash_summary(srv.stderr_text())[1][:200]})" + \
                           (f"; lines: " + " ⏎ ".join(clip(w, 300) for w in wires) if prefix else "")
                if last is not None and last.obj is not None:
                    o = last.obj
                    same = False
                    if f.kind == "internal error (-32603)":
                        same = isinstance(o, dict) and isinstance(o.get("error"), dict) and o["error"].get("code") == -32603
                    elif f.kind in ("crash", "hang"):
                        same = False
                    elif f.reply is not None:
                        fr = Reply(f.reply.encode("utf-8", "replace"))
                        same = _shape(fr.obj) == _shape(o)
                    if same:
                        return f"reproduces on a fresh database {label}" + \
                               (f"; lines: " + " ⏎ ".join(clip(w, 300) for w in wires) if prefix else "")
            finally:
                srv.kill()
                shutil.rmtree(d, ignore_errors=True)
        return "did not reproduce on a fresh database" + (" (state-dependent)" if sus else "")

    # reporting -----------------------------------------------------------------------------
    def groups(self):
        if hasattr(self, "_groups"):
            return self._groups
        groups = {}
        for f in self.failures:
            if f.kind == "crash persists after restart":
                self.persistent_sigs.add(f.sig)
        for f in self.failures:
            field = norm_path(f.field or "")
            if f.kind == "crash" and f.sig in self.persistent_sigs:
                f.kind = "crash persists after restart"
            cls_family = re.sub(r"[:\s].*", "", f.cls or "")
            if f.kind in ("crash", "hang"):
                key = (f.kind, f.sig)
            elif f.kind == "internal error (-32603)":
                key = (f.kind, f.method, f.sig)
            elif f.kind == "dryRun:true committed":
                key = (f.kind,)
            elif f.kind == "duplicate member not refused":
                fam = field if field in ("dryRun", "idempotencyKey") else ("nested member" if re.search(r"[.\[]", field) else "member")
                key = (f.kind, fam)
            elif f.kind in ("unknown member not refused", "missing required member not refused"):
                key = (f.kind, f.method, field)
            elif f.kind in ("invalid value accepted", "invalid params accepted"):
                key = (f.kind, f.method, field)
            elif f.kind in ("wrong id echoed", "id lost precision", "id text changed"):
                key = (f.kind,)
            elif f.kind == "-32602 without data.field":
                key = (f.kind, f.sig)
            elif f.kind == "-32602 names another field":
                key = (f.kind, f.method, field, f.sig)
            elif f.kind == "crash persists after restart":
                key = (f.kind, f.sig)
            elif f.kind == "result schema mismatch":
                key = (f.kind, f.method, f.sig)
            else:
                key = (f.kind, f.method, field, f.sig)
            g = groups.get(key)
            if g is None:
                g = groups[key] = {"key": key, "kind": f.kind, "count": 0, "methods": set(), "fields": set(),
                                   "classes": set(), "example": f, "details": set()}
            g["count"] += 1
            g["methods"].add(f.method)
            if f.field:
                g["fields"].add(norm_path(f.field))
            if f.cls:
                g["classes"].add(f.cls if len(f.cls) < 60 else f.cls[:57] + "…")
            if len(g["details"]) < 3:
                g["details"].add(f.detail[:300])
            ex = g["example"]
            better = f.line is not None and (ex.line is None or len(f.line) < len(ex.line))
            if f.kind == "crash persists after restart" and (bool(f.context and "earlier accepted lines that wrote those records" in f.context)
                                                             != bool(ex.context and "earlier accepted lines that wrote those records" in ex.context)):
                better = bool(f.context and "earlier accepted lines that wrote those records" in f.context)
            if better:
                g["example"] = f
        order = ["crash persists after restart", "crash", "hang", "internal error (-32603)", "dryRun:true committed",
                 "duplicate member not refused", "invalid value accepted", "invalid params accepted",
                 "unknown member not refused", "missing required member not refused", "id lost precision",
                 "id text changed", "wrong id echoed"]
        self._groups = sorted(groups.values(), key=lambda g: (order.index(g["kind"]) if g["kind"] in order else 99,
                                                              g["kind"], sorted(g["methods"])[0] if g["methods"] else ""))
        return self._groups

    def summary(self):
        a = self.args
        print()
        print(f"== cases per method (cases[+in batches], /failed) — {self.cases_run} cases in {self.elapsed:.1f} s, "
              f"{self.crashes} crashes/hangs, {self.restarts} restarts; sweep covered {getattr(self, 'swept', 0)} of "
              f"{getattr(self, 'plan_size', 0)} (method, member, value) combinations")
        items = sorted((k, v) for k, v in self.per_method.items() if not k.endswith(" (in batches)"))
        line = []
        for name, (n, failed) in items:
            inb = self.per_method.get(name + " (in batches)", [0])[0]
            line.append(f"{name} {n}" + (f"+{inb}" if inb else "") + (f"/{failed}✗" if failed else ""))
        for i in range(0, len(line), 6):
            print("  " + " · ".join(line[i:i + 6]))
        groups = self.groups()
        print()
        print(f"== {len(groups)} distinct failures")
        for i, g in enumerate(groups, 1):
            f = g["example"]
            methods = ", ".join(sorted(g["methods"]))
            fields = ", ".join(sorted(g["fields"])[:6]) or "-"
            classes = ", ".join(sorted(g["classes"])[:8])
            print(f"[{i}] {g['kind']} — {methods} — field {fields} — {g['count']}×")
            print(f"    values: {classes}")
            for d in sorted(g["details"])[:2]:
                print(f"    error: {d}")
            if f.line is not None:
                print(f"    example: {clip(f.line, 400)}")
            if f.reply:
                print(f"    reply:   {clip(f.reply.encode('utf-8', 'replace'), 300)}")
            if f.context:
                for k, v in f.context.items():
                    if isinstance(v, list):
                        print(f"    {k}: " + " ⏎ ".join(clip(x if isinstance(x, bytes) else str(x).encode(), 250) for x in v[:4]))
                    else:
                        print(f"    {k}: {v}")
            if g.get("confirm"):
                print(f"    confirm: {g['confirm']}")
            if f.case and f.kind in ("crash", "internal error (-32603)", "result schema mismatch") and f.case.cls == "valid":
                ids = set(m.group(0) for m in ID_RE.finditer((f.line or b"").decode("utf-8", "replace")))
                sus = [s for s in self.suspects if s[0] < f.case.n and (s[5] & ids)][-3:]
                for s in sus:
                    print(f"    earlier accepted boundary line for the same record: {clip(s[4].encode('utf-8', 'surrogatepass'), 250)}")
        for n in self.notes:
            print("note: " + n)
        if a.report:
            with open(a.report, "w", encoding="utf-8") as out:
                for g in groups:
                    f = g["example"]
                    out.write(json.dumps({
                        "kind": g["kind"], "methods": sorted(g["methods"]), "fields": sorted(g["fields"]),
                        "valueClasses": sorted(g["classes"]), "count": g["count"], "details": sorted(g["details"]),
                        "example": f.line.decode("utf-8", "backslashreplace") if f.line is not None else None,
                        "reply": f.reply, "context": {k: (v if not isinstance(v, list) else [x.decode("utf-8", "backslashreplace") if isinstance(x, bytes) else x for x in v])
                                                      for k, v in (f.context or {}).items()},
                        "confirm": g.get("confirm"), "seed": a.seed, "transport": a.transport,
                    }, ensure_ascii=False) + "\n")
        if a.corpus:
            print(f"corpus: {self.corpus_count} files in {a.corpus}")
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


BIG_NUMBER_RE = re.compile(r"(?<![\w.\"-])-?(\d{10,}|\d+(\.\d+)?[eE][+]?\d{2,})(?![\w\"])")


def find_key(v, key, depth=0):
    """Values of members named key anywhere in v (not inside arrays of more than 50)."""
    out = []
    if depth > 6:
        return out
    if isinstance(v, dict):
        for k, x in v.items():
            if k == key:
                out.append(x)
            out.extend(find_key(x, key, depth + 1))
    elif isinstance(v, list) and len(v) <= 50:
        for x in v:
            out.extend(find_key(x, key, depth + 1))
    return out


def violation_kind(cls, line):
    """The failure kind of a refusal the server skipped, for duplicate, unknown and missing members."""
    cls = cls or ""
    if cls.startswith("dup:") or "appears twice" in (line.why or ""):
        return "duplicate member not refused"
    if cls.startswith("unknown") and line.must == "params":
        return "unknown member not refused"
    if cls == "missing":
        return "missing required member not refused"
    return None


def _shape(o):
    if isinstance(o, dict):
        if "error" in o and isinstance(o["error"], dict):
            d = o["error"].get("data") or {}
            return ("error", o["error"].get("code"), d.get("reason") if isinstance(d, dict) else None)
        if "result" in o:
            return ("ok",)
    return ("other",)


def describe_outcome(o):
    if o[0] == "ok":
        return "a result"
    return f"error {o[1]} {o[2]}"


def id_problem(sent, got):
    """(kind, detail) for an id echoed differently; None for an id the protocol may rewrite."""
    try:
        a = json.loads(sent) if sent not in (None,) else None
        b = json.loads(got) if got not in (None,) else None
    except ValueError:
        return "wrong id echoed", f"sent id {sent}, reply carries {got}"
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        exact_a = int(a) if isinstance(a, int) else None
        if isinstance(a, int) and isinstance(b, float) and (b != b or b in (float("inf"), float("-inf")) or int(b) != exact_a):
            return "id lost precision", f"sent id {sent}, the reply carries {got}"
        if isinstance(a, int) and isinstance(b, float):
            return "id lost precision", f"sent integer id {sent}, the reply carries the float {got}"
        if a == b:
            # protocol.md: a number with a fraction or exponent comes back as the same number.
            return None
        return "id lost precision", f"sent id {sent}, the reply carries {got}"
    return "wrong id echoed", f"sent id {sent}, reply carries {got}"


def clip(b, n):
    if isinstance(b, str):
        b = b.encode("utf-8", "surrogatepass")
    s = b.decode("utf-8", "backslashreplace")
    if len(s) <= n:
        return s
    # keep the start and the end; say how much was left out
    return s[: n * 2 // 3] + f"…[{len(b)} bytes]…" + s[-n // 4:]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Schema-driven fuzzer of Rapport's JSON-RPC protocol.")
    ap.add_argument("binary", help="the rapport executable")
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--transport", choices=["stdio", "socket"], default="stdio")
    ap.add_argument("--corpus", help="write boundary-value request lines here, one file each (sha1 names)")
    ap.add_argument("--corpus-max", type=int, default=400, help="most corpus files to write (default 400)")
    ap.add_argument("--report", help="write the distinct failures here as JSON lines")
    ap.add_argument("--chunk", type=int, default=200, help="cases pipelined at once (default 200)")
    ap.add_argument("--envelope-share", type=float, default=0.08, help="share of envelope-level cases (default 0.08)")
    ap.add_argument("--sweep-share", type=float, default=0.5,
                    help="share of cases taken from the coverage sweep of every (method, member, boundary value) (default 0.5)")
    ap.add_argument("--no-refresh", dest="refresh", action="store_false", help="do not add fresh records every chunk")
    ap.add_argument("--confirm", action="store_true", help="replay each distinct failure on a fresh database")
    ap.add_argument("--max-restarts", type=int, default=60)
    ap.add_argument("--audit-every", type=int, default=1000,
                    help="read every record back every this many cases and at the end (0: never)")
    ap.add_argument("--quarantine-after", type=int, default=4, help="stop fuzzing a method after this many crashes")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory (database, stderr files)")
    args = ap.parse_args(argv)
    if not os.access(args.binary, os.X_OK):
        print(f"{args.binary}: not an executable", file=sys.stderr)
        return 2
    fz = Fuzzer(args)
    code = 1
    try:
        code = fz.run()
    except RuntimeError as e:
        print(f"fatal: {e}")
        try:
            fz.elapsed = 0
            fz.final_checks() if fz.server.alive() else None
        except Exception:
            pass
        f = Failure("fatal", "(server)", None, "", str(e))
        fz.failures.append(f)
        fz.failed += 1
        fz.elapsed = getattr(fz, "elapsed", 0) or 0
        try:
            fz.summary()
        except Exception as e2:
            print(f"summary failed: {e2}")
            print(f"{fz.passed} passed, {fz.failed} failed")
        code = 1
    finally:
        fz.server.kill()
        if args.keep:
            print(f"(kept {fz.workdir})", file=sys.stderr)
        else:
            shutil.rmtree(fz.workdir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
