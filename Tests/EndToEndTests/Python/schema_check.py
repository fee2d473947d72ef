#!/usr/bin/env python3
"""`rapport schema` is what an editor needs to validate a .ndjson script of requests: a valid
draft 2020-12 schema naming every method of rpc.discover, that accepts good lines and refuses
lines an editor should underline.

Usage: python schema_check.py RAPPORT_EXECUTABLE  (a Python with `jsonschema`, such as the
clients' virtual environment). Prints `ok`."""
import json
import os
import subprocess
import sys
import tempfile

from jsonschema import Draft202012Validator

rapport = sys.argv[1]
schema = json.loads(subprocess.run([rapport, "schema"], check=True, capture_output=True, text=True).stdout)
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
with tempfile.TemporaryDirectory() as directory:
    discover = json.loads(subprocess.run([rapport, "call", "rpc.discover", "--db", os.path.join(directory, "db.sqlite")],
                                         check=True, capture_output=True, text=True).stdout)
methods = {method["name"] for method in discover["methods"]}
named = set(schema["$defs"]["request"]["properties"]["method"]["enum"])
if named != methods:
    sys.exit(f"FAILED: the schema names {sorted(named ^ methods)} unlike rpc.discover")

good = [
    {"jsonrpc": "2.0", "id": 1, "method": "server.ping"},
    {"jsonrpc": "2.0", "id": "a", "method": "customers.search", "params": {"query": "Ivan", "limit": 5}},
    {"jsonrpc": "2.0", "method": "orders.record", "params": {"customerId": "cus_1", "externalId": "o-1", "amount": 1999}},
    [{"jsonrpc": "2.0", "id": 1, "method": "metrics.nps", "params": {"period": "month"}},
     {"jsonrpc": "2.0", "id": 2, "method": "kpis.set", "params": {"metric": "nps", "target": 40}}],
]
bad = [
    ({"jsonrpc": "2.0", "id": 1, "method": "customers.serch", "params": {"query": "Ivan"}}, "an unknown method"),
    ({"jsonrpc": "2.0", "id": 1, "method": "customers.search", "params": {}}, "a missing required param"),
    ({"jsonrpc": "2.0", "id": 1, "method": "customers.search", "params": {"query": "Ivan", "limt": 5}}, "an unknown param"),
    ({"jsonrpc": "2.0", "id": 1, "method": "orders.record", "params": {"customerId": "c", "externalId": "o", "amount": "19.99"}},
     "money as a string"),
    ({"jsonrpc": "2.0", "id": 1, "method": "kpis.set", "params": {"metric": "happiness", "target": 1}}, "a value outside an enum"),
    ({"jsonrpc": "1.0", "id": 1, "method": "server.ping"}, "another JSON-RPC version"),
    ([], "an empty batch"),
]
for line in good:
    errors = list(validator.iter_errors(line))
    if errors:
        sys.exit(f"FAILED: {json.dumps(line)} is a good request but the schema says {errors[0].message}")
for line, what in bad:
    if validator.is_valid(line):
        sys.exit(f"FAILED: the schema accepts {what}: {json.dumps(line)}")
print(f"ok: {len(methods)} methods")
