#!/usr/bin/env bash
# End-to-end check of examples/calc_kpis.py, headless:
#   a demo store (300 customers, fixed --until) -> two KPI targets set with kpis.set over the socket
#   -> rapport serve -> calc_kpis.py writes an .ods -> soffice converts every sheet back to CSV
#   -> each CSV is compared with what metrics.dashboard / metrics.nps answer (same rows, same
#      strings, numbers equal within 1e-9 relative, null as an empty cell, booleans TRUE/FALSE).
# Usage: calc_check.sh RAPPORT_EXECUTABLE
# Prints "ok" and exits 0; exits 1 with a message on failure. Needs LibreOffice Calc and
# Python-UNO (apt-get install -y libreoffice-calc python3-uno): without them it fails, it never skips.
set -euo pipefail

fail() { echo "calc_check FAILED: $*" >&2; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 RAPPORT_EXECUTABLE" >&2; exit 2; }
rapport=$1
[ -x "$rapport" ] || fail "$rapport is not an executable"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
example=$(cd "$here/../../.." && pwd)/examples/calc_kpis.py
[ -f "$example" ] || fail "$example is missing"

# Python-UNO lives in Debian's Python only (a pyenv/venv python3 on PATH cannot import it).
python=/usr/bin/python3
command -v soffice >/dev/null 2>&1 || fail "LibreOffice is not installed (no soffice on PATH): apt-get install -y libreoffice-calc python3-uno"
[ -x "$python" ] || fail "$python is missing (Python-UNO needs Debian's python3)"
"$python" -c 'import uno' 2>/dev/null || fail "$python cannot import uno: apt-get install -y python3-uno"

until_time=2026-12-01T00:00:00Z
at_time=2026-11-30T12:00:00Z
work=$(mktemp -d "${TMPDIR:-/tmp}/rapport-calc.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$rapport" demo --db "$work/db.sqlite" --customers 300 --until "$until_time" >"$work/demo.out" 2>"$work/demo.err" \
  || fail "rapport demo: $(tail -5 "$work/demo.err")"

"$rapport" serve --db "$work/db.sqlite" --socket "$work/rapport.sock" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!

# The comparator and the protocol client (standard library only), shared by the steps below.
cat >"$work/check.py" <<'PY'
import csv, json, math, socket, sys, time

KPI_COLUMNS = ["metric", "unit", "target", "current", "previous", "change", "onTrack"]
NPS_COLUMNS = ["period", "score", "n", "promoters", "passives", "detractors", "low", "high", "tooFewResponses"]

def die(message):
    print(f"calc_check FAILED: {message}", file=sys.stderr)
    sys.exit(1)

def connect(path, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            sock.settimeout(60)
            return sock
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                die(f"rapport serve does not accept connections on {path} after {seconds} s")
            time.sleep(0.1)

class Client:
    def __init__(self, path):
        self.sock = connect(path)
        self.lines = self.sock.makefile("rb")
        self.id = 0
    def call(self, method, **params):
        self.id += 1
        self.sock.sendall(json.dumps({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params}).encode() + b"\n")
        while True:
            line = self.lines.readline()
            if not line:
                die(f"{method}: the server closed the connection")
            reply = json.loads(line)
            if reply.get("method") != "event":
                break
        if reply.get("id") != self.id or "error" in reply:
            die(f"{method} {params}: {reply}")
        return reply["result"]

def expected_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value

def same(expected, text, where):
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            got = float(text)
        except ValueError:
            die(f"{where}: expected the number {expected!r}, the sheet has {text!r}")
        if not math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12):
            die(f"{where}: expected {expected!r}, the sheet has {text!r}")
    elif text != expected:
        die(f"{where}: expected {expected!r}, the sheet has {text!r}")

def compare(csv_path, sheet, header, rows):
    try:
        with open(csv_path, newline="", encoding="utf-8") as handle:
            table = list(csv.reader(handle))
    except FileNotFoundError:
        die(f"sheet {sheet!r} was not exported ({csv_path} missing)")
    table = [row for row in table if any(cell != "" for cell in row)]
    if not table or table[0] != header:
        die(f"sheet {sheet!r}: header {table[0] if table else None}, expected {header}")
    body = table[1:]
    if len(body) != len(rows):
        die(f"sheet {sheet!r}: {len(body)} rows, the protocol has {len(rows)}")
    for r, (got, want) in enumerate(zip(body, rows), start=2):
        got = got + [""] * (len(header) - len(got))
        if len(got) != len(header):
            die(f"sheet {sheet!r} row {r}: {len(got)} cells, expected {len(header)}")
        for c, name in enumerate(header):
            same(expected_cell(want[c]), got[c], f"sheet {sheet!r} row {r} {name}")

mode, sock_path = sys.argv[1], sys.argv[2]
client = Client(sock_path)
if mode == "setup":
    # Two targets, so target and onTrack carry values; the others stay null (empty cells).
    client.call("kpis.set", metric="repeat_rate", target=30)
    client.call("kpis.set", metric="nps", target=40.5)
    listed = {item["metric"] for item in client.call("kpis.list")["items"]}
    if not {"repeat_rate", "nps"} <= listed:
        die(f"kpis.list after kpis.set: {listed}")
else:
    kpis_csv, nps_csv, at = sys.argv[3], sys.argv[4], sys.argv[5]
    dashboard = client.call("metrics.dashboard", period="month", at=at)
    nps = client.call("metrics.nps", period="month")
    kpi_rows = [[row[c] for c in KPI_COLUMNS] for row in dashboard["rows"]]
    nps_rows = [[p["period"], p["score"], p["n"], p["promoters"], p["passives"], p["detractors"],
                 (p["interval"] or {}).get("low"), (p["interval"] or {}).get("high"), p["tooFewResponses"]]
                for p in nps["periods"]]
    if not kpi_rows or not nps_rows:
        die(f"the demo store gave {len(kpi_rows)} dashboard rows and {len(nps_rows)} NPS months")
    targets = {row[0]: row[2] for row in kpi_rows}
    if targets.get("repeat_rate") != 30 or targets.get("nps") != 40.5:
        die(f"the dashboard does not show the targets set: {targets}")
    kinds = {type(v) for row in kpi_rows + nps_rows for v in row}
    if type(None) not in kinds or bool not in kinds:
        die(f"the data tests neither nulls nor booleans: {kinds}")
    compare(kpis_csv, "KPIs", KPI_COLUMNS, kpi_rows)
    compare(nps_csv, "NPS by month", NPS_COLUMNS, nps_rows)
PY

"$python" "$work/check.py" setup "$work/rapport.sock"

# One profile for both LibreOffice runs: the second start skips creating it.
profile="$work/lo-profile"
"$python" "$example" --socket "$work/rapport.sock" --out "$work/kpis.ods" --period month --at "$at_time" \
  --profile "$profile" >"$work/example.out" 2>"$work/example.err" \
  || fail "calc_kpis.py: $(cat "$work/example.err")"
[ -s "$work/kpis.ods" ] || fail "calc_kpis.py wrote no $work/kpis.ods"

# Every sheet to CSV: token 12 = -1 exports all sheets as kpis-<sheet name>.csv (LibreOffice >= 7.2).
# Tokens: comma, double quote, UTF-8, from line 1, no column formats, default language,
# quote text cells no, detect special numbers (import only), values not "as shown" (full precision),
# no formulas, keep spaces, all sheets.
mkdir -p "$work/csv"
timeout 120 soffice --headless --invisible --norestore --nologo --nolockcheck \
  "-env:UserInstallation=file://$profile" \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1' \
  --outdir "$work/csv" "$work/kpis.ods" >"$work/convert.out" 2>&1 \
  || fail "soffice --convert-to csv: $(cat "$work/convert.out")"

"$python" "$work/check.py" compare "$work/rapport.sock" "$work/csv/kpis-KPIs.csv" "$work/csv/kpis-NPS by month.csv" "$at_time" \
  || { echo "calc_check: the CSV files soffice wrote: $(ls "$work/csv" | tr '\n' ' ')" >&2; exit 1; }

kill -TERM "$server_pid"
wait "$server_pid" || fail "rapport serve exited with status $?: $(tail -5 "$work/serve.err")"
server_pid=
echo ok
