#!/usr/bin/env python3
"""`rapport mcp` under the official MCP Python SDK (PyPI `mcp` 2.x), in both protocol eras.

Starts `RAPPORT mcp --db DB` (read-only) and `RAPPORT mcp --db DB --allow-writes`, each once per way a
client can open a connection:
  legacy   - `initialize` handshake, protocol 2025-11-25 (Client(mode="legacy"));
  discover - the `server/discover` probe, then stateless 2026-07-28 requests (Client(mode="auto"));
             a server that fails the probe is silently downgraded to `initialize` by the SDK, so
             the negotiated version is checked;
  pinned   - 2026-07-28 from the first request, no discover at all (Client(mode="2026-07-28")):
             the server must not need any earlier request (the 2026 statelessness rule).
In each it lists every tool (following nextCursor), checks customers.search and metrics.dashboard
with their input schemas, calls customers.search, metrics.nps and metrics.dashboard and checks the
structured results, checks error paths, and checks that customers.create is refused (or not listed)
read-only and accepted with --allow-writes. The SDK validates every result against the negotiated
revision's wire schema (2026: resultType, ttlMs/cacheScope on tools/list) and every structured
result against the tool's outputSchema; this script adds a strict check of the raw server/discover
result, which the SDK's own probe validates leniently.

Usage: /work/venv-mcp/bin/python mcp_check.py RAPPORT_EXECUTABLE DB_PATH
DB_PATH is a database filled by `rapport demo`; the --allow-writes runs add a few customers to it.
Prints `ok` and exits 0, or exits 1 with a message at the first failure (2 on an unexpected crash).
"""
import json
import os
import re
import sys
import traceback
import uuid
import warnings

import anyio
from pydantic import ValidationError

from mcp import Client, MCPDeprecationWarning, MCPError, StdioServerParameters
from mcp_types import SERVER_INFO_META_KEY, UNSUPPORTED_PROTOCOL_VERSION
from mcp_types import methods as wire


def TOOL_NAME(method):
    """The MCP tool name of a Rapport method.

    The method name itself: both revisions allow dots in tool names. 2025-11-25 and 2026-07-28
    server/tools "Tool Names": "SHOULD be between 1 and 128 characters", allowed characters
    "A-Z, a-z, digits (0-9), underscore (_), hyphen (-), and dot (.)", example `admin.tools.list`.
    (Some LLM front ends accept only [A-Za-z0-9_-]; if that matters, return method.replace(".", "_").)
    """
    return method


LEGACY_VERSION = "2025-11-25"
MODERN_VERSION = "2026-07-28"
TOOL_NAME_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,128}$")  # the spec's SHOULD, checked strictly here
MAX_PAGES = 50
SESSION_SECONDS = 120
ERAS = [  # (label, Client mode, protocol version the connection must end up on)
    ("legacy", "legacy", LEGACY_VERSION),
    ("discover", "auto", MODERN_VERSION),
    ("pinned", MODERN_VERSION, MODERN_VERSION),
]


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def unwrap(structured):
    """A tool's structured result: the value itself, or `x` from `{"result": x}`.

    2025-11-25 allows only an object in structuredContent (and `type: "object"` in outputSchema), so
    a server may wrap a non-object result; a single-key `result` object is taken as that wrapper.
    """
    if isinstance(structured, dict) and list(structured) == ["result"]:
        return structured["result"]
    return structured


def text_of(result):
    return " | ".join(getattr(block, "text", f"<{block.type}>") for block in result.content)


class Session:
    """One connected client, with the label used in failure messages."""

    def __init__(self, client, label, tools):
        self.client, self.label, self.tools = client, label, tools

    async def call(self, method, arguments):
        """tools/call; MCPError (a protocol error) passes through, SDK-side rejections become Failure."""
        name = TOOL_NAME(method)
        try:
            return await self.client.call_tool(name, arguments)
        except MCPError:
            raise
        except ValidationError as error:
            raise Failure(f"{self.label}: tools/call {name}: the result does not match the "
                          f"{self.client.protocol_version} CallToolResult schema: {error}")
        except RuntimeError as error:  # the SDK's outputSchema validation of structuredContent
            raise Failure(f"{self.label}: tools/call {name}: {error}")

    async def value(self, method, arguments):
        """A successful call's structured result (unwrapped), cross-checked with its text content."""
        result = await self.call(method, arguments)
        expect(not result.is_error, f"{self.label}: {method} {arguments} failed: {text_of(result)}")
        structured = result.structured_content
        expect(isinstance(structured, dict),
               f"{self.label}: {method}: structuredContent must be a JSON object, got {structured!r}")
        value = unwrap(structured)
        texts = [block.text for block in result.content if block.type == "text"]
        expect(texts, f"{self.label}: {method}: content has no text block (the spec's backwards-compatible copy)")
        expect(len(texts) == 2 and texts[0].startswith(f"{method}: "),
               f"{self.label}: {method}: content must be a summary, then the JSON: {texts!r:.300}")
        try:
            as_text = json.loads(texts[-1])
        except ValueError:
            raise Failure(f"{self.label}: {method}: the last text block is not the result's JSON: {texts[-1][:200]!r}")
        expect(as_text == value, f"{self.label}: {method}: text content and structuredContent differ")
        return value

    async def refused(self, method, arguments):
        """Whether a call is refused: a protocol error, or a result with isError."""
        try:
            result = await self.call(method, arguments)
        except MCPError as error:
            return f"error {error.code} {error.message}"
        return f"isError: {text_of(result)}" if result.is_error else None


async def connect_checks(client, label, mode, version):
    expect(client.protocol_version == version,
           f"{label}: negotiated {client.protocol_version!r}, expected {version}"
           + (" - the SDK fell back to initialize, so server/discover failed or did not list 2026-07-28"
              if mode == "auto" else ""))
    session = client.session
    if version == LEGACY_VERSION:
        init = session.initialize_result
        expect(init is not None, f"{label}: no initialize result")
        expect(init.server_info.name and init.server_info.version, f"{label}: serverInfo needs name and version")
        expect(init.capabilities.tools is not None, f"{label}: initialize must declare the tools capability")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MCPDeprecationWarning)
            await client.send_ping()
        return
    if mode == "auto":
        found = session.discover_result
        expect(found is not None and MODERN_VERSION in found.supported_versions,
               f"{label}: server/discover must list {MODERN_VERSION} in supportedVersions")
        expect(found.capabilities.tools is not None, f"{label}: server/discover must declare the tools capability")
    # The raw server/discover result against the strict 2026-07-28 schema: resultType, supportedVersions,
    # capabilities, ttlMs and cacheScope are all required there.
    raw = await session.send_discover(MODERN_VERSION)
    try:
        wire.validate_server_result("server/discover", MODERN_VERSION, raw)
    except ValidationError as error:
        raise Failure(f"{label}: the server/discover result does not match the 2026-07-28 schema: {error}\n{raw}")
    expect(raw.get("resultType") == "complete", f"{label}: server/discover resultType {raw.get('resultType')!r}")
    stamp = (raw.get("_meta") or {}).get(SERVER_INFO_META_KEY)
    expect(isinstance(stamp, dict) and stamp.get("name") and stamp.get("version"),
           f"{label}: a 2026 result's _meta should carry {SERVER_INFO_META_KEY} {{name, version}}: {raw.get('_meta')}")
    # A version the server does not speak: -32022 with data {supported, requested}.
    try:
        await session.send_discover("1900-01-01")
        raise Failure(f"{label}: a request at protocol version 1900-01-01 must be refused with {UNSUPPORTED_PROTOCOL_VERSION}")
    except MCPError as error:
        data = error.data if isinstance(error.data, dict) else {}
        expect(error.code == UNSUPPORTED_PROTOCOL_VERSION and MODERN_VERSION in (data.get("supported") or [])
               and data.get("requested") == "1900-01-01",
               f"{label}: version mismatch must be {UNSUPPORTED_PROTOCOL_VERSION} with data.supported listing "
               f"{MODERN_VERSION} and data.requested, got {error.code} {error.message} {error.data}")


async def list_all_tools(client, label):
    tools, cursor, pages = [], None, 0
    while True:
        pages += 1
        expect(pages <= MAX_PAGES, f"{label}: tools/list has more than {MAX_PAGES} pages (a cursor loop?)")
        try:
            page = await client.list_tools(cursor=cursor)
        except ValidationError as error:
            raise Failure(f"{label}: tools/list page {pages} does not match the "
                          f"{client.protocol_version} schema: {error}")
        tools.extend(page.tools)
        cursor = page.next_cursor
        if cursor is None:
            return tools, pages


def tool_checks(label, tools, allow_writes):
    by_name = {}
    for tool in tools:
        expect(tool.name not in by_name, f"{label}: tool {tool.name} listed twice")
        expect(TOOL_NAME_PATTERN.match(tool.name), f"{label}: tool name {tool.name!r} is outside [A-Za-z0-9._-]{{1,128}}")
        expect(tool.input_schema.get("type") == "object", f"{label}: {tool.name}: inputSchema.type must be object")
        expect(tool.description, f"{label}: {tool.name} has no description")
        by_name[tool.name] = tool
    expect(len(by_name) >= 10, f"{label}: only {len(by_name)} tools")
    for method in ("customers.search", "metrics.dashboard", "metrics.nps"):
        expect(TOOL_NAME(method) in by_name, f"{label}: tool {TOOL_NAME(method)} is missing")
    search = by_name[TOOL_NAME("customers.search")].input_schema
    expect("query" in (search.get("properties") or {}) and "query" in (search.get("required") or []),
           f"{label}: customers.search inputSchema must have a required `query`: {search}")
    dashboard = by_name[TOOL_NAME("metrics.dashboard")].input_schema
    expect("period" in (dashboard.get("properties") or {}), f"{label}: metrics.dashboard inputSchema lacks `period`: {dashboard}")
    for method, read_only in (("customers.search", True), ("metrics.nps", True), ("customers.create", False)):
        tool = by_name.get(TOOL_NAME(method))
        hint = tool.annotations.read_only_hint if tool is not None and tool.annotations is not None else None
        expect(hint is None or hint == read_only, f"{label}: {method} annotations.readOnlyHint is {hint}")
    if allow_writes:
        expect(TOOL_NAME("customers.create") in by_name, f"{label}: customers.create must be listed with --allow-writes")
    return by_name


async def behaviour_checks(s, by_name, allow_writes, era):
    found = await s.value("customers.search", {"query": "Ivan"})
    items = found.get("items") if isinstance(found, dict) else None
    expect(isinstance(items, list) and items, f"{s.label}: customers.search Ivan found nothing: {found}")
    expect(all(isinstance(c, dict) and str(c.get("id", "")).startswith("cus_") for c in items),
           f"{s.label}: customers.search items must be customers with cus_ ids")
    expect(any("ivan" in (c.get("name") or "").lower() for c in items), f"{s.label}: no Ivan among {[c.get('name') for c in items]}")

    nps = await s.value("metrics.nps", {})
    expect(isinstance(nps, dict) and all(isinstance(nps.get(k), int) for k in ("n", "promoters", "passives", "detractors")),
           f"{s.label}: metrics.nps counts: {nps}")
    expect(nps["promoters"] + nps["passives"] + nps["detractors"] == nps["n"], f"{s.label}: metrics.nps counts do not add up: {nps}")
    expect(nps["score"] is None or -100 <= nps["score"] <= 100, f"{s.label}: metrics.nps score {nps['score']}")

    board = await s.value("metrics.dashboard", {"period": "month"})
    expect(isinstance(board, dict) and isinstance(board.get("rows"), list) and board["rows"],
           f"{s.label}: metrics.dashboard rows: {board}")

    why = await s.refused("customers.search", {"query": "ab"})
    expect(why, f"{s.label}: customers.search with a 2-character query must fail (isError or -32602)")
    why = await s.refused("no.such.tool", {})
    expect(why, f"{s.label}: an unknown tool must be refused")

    email = f"mcp-{era}-{uuid.uuid4().hex[:10]}@example.com"
    create = TOOL_NAME("customers.create")
    if not allow_writes:
        why = await s.refused("customers.create", {"name": "MCP Probe", "email": email})
        expect(why, f"{s.label}: customers.create must be refused on a server started without --allow-writes"
               + (" (it is even listed)" if create in by_name else ""))
        left = await s.value("customers.search", {"query": email})
        expect(left["items"] == [], f"{s.label}: a refused customers.create left a customer behind")
        return
    made = await s.value("customers.create", {"name": "MCP Probe", "email": email})
    expect(isinstance(made, dict) and str(made.get("id", "")).startswith("cus_") and made.get("email") == email,
           f"{s.label}: customers.create result: {made}")
    again = await s.value("customers.search", {"query": email})
    expect([c["id"] for c in again["items"]] == [made["id"]], f"{s.label}: the created customer is not found: {again}")
    if "dryRun" in (by_name[create].input_schema.get("properties") or {}):
        dry_email = "dry-" + email
        dry = await s.value("customers.create", {"name": "MCP Dry", "email": dry_email, "dryRun": True})
        expect(isinstance(dry, dict) and dry.get("dryRun") is True, f"{s.label}: customers.create dryRun result: {dry}")
        gone = await s.value("customers.search", {"query": dry_email})
        expect(gone["items"] == [], f"{s.label}: a dryRun customers.create wrote a customer")


async def run_one(executable, db, allow_writes, era, mode, version):
    label = f"{era} ({'--allow-writes' if allow_writes else 'read-only'})"
    args = ["mcp", "--db", db] + (["--allow-writes"] if allow_writes else [])
    params = StdioServerParameters(command=executable, args=args, env=dict(os.environ))
    with anyio.fail_after(SESSION_SECONDS):
        try:
            async with Client(params, mode=mode, cache=None, read_timeout_seconds=30) as client:
                stateless = mode == MODERN_VERSION  # pinned: tools/list must be the very first request
                if not stateless:
                    await connect_checks(client, label, mode, version)
                tools, pages = await list_all_tools(client, label)
                by_name = tool_checks(label, tools, allow_writes)
                await behaviour_checks(Session(client, label, by_name), by_name, allow_writes, era)
                if stateless:
                    await connect_checks(client, label, mode, version)
        except BaseException as error:  # the SDK's task groups wrap what the body raises
            if (failure := find(error, Failure)) is not None:
                raise failure from None
            if (mcp_error := find(error, MCPError)) is not None:
                hint = " (the server exited or closed its stdout; its stderr is above)" if mcp_error.code == -32000 else ""
                raise Failure(f"{label}: MCP error {mcp_error.code}: {mcp_error.message}{hint} {mcp_error.data or ''}") from None
            if (invalid := find(error, ValidationError)) is not None:
                raise Failure(f"{label}: a server message does not match the MCP schema: {invalid}") from None
            raise
    print(f"{label}: protocol {version}, {len(by_name)} tools in {pages} page(s)")


def find(error, kind):
    """The first exception of `kind` in `error`, its (nested) exception groups or its causes, else None."""
    if isinstance(error, kind):
        return error
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            if (found := find(inner, kind)) is not None:
                return found
    if error.__cause__ is not None:
        return find(error.__cause__, kind)
    return None


async def main(executable, db):
    for allow_writes in (False, True):
        for era, mode, version in ERAS:
            await run_one(executable, db, allow_writes, era, mode, version)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: mcp_check.py RAPPORT_EXECUTABLE DB_PATH")
    executable, db = sys.argv[1], sys.argv[2]
    if not os.access(executable, os.X_OK):
        sys.exit(f"mcp_check: {executable} is not executable")
    if not os.path.exists(db):
        sys.exit(f"mcp_check: {db} does not exist (fill it with `rapport demo --db {db}`)")
    try:
        anyio.run(main, executable, db)
    except BaseException as error:  # noqa: BLE001 - report the first failure, whatever wraps it
        failure = find(error, Failure)
        if failure is not None:
            print(f"mcp_check: FAIL: {failure}", file=sys.stderr)
            sys.exit(1)
        if isinstance(error, TimeoutError):
            print(f"mcp_check: FAIL: a session took more than {SESSION_SECONDS} s", file=sys.stderr)
            sys.exit(1)
        traceback.print_exception(error)
        print(f"mcp_check: FAIL: unexpected {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(2)
    print("ok")
