#!/usr/bin/python3
"""Rapport's KPI dashboard and monthly NPS as a LibreOffice Calc spreadsheet (.ods).

The script asks a running `rapport serve --socket SOCK` for two reports over newline-delimited
JSON-RPC 2.0 (standard library `socket` + `json`, nothing else), drives a headless LibreOffice
through Python-UNO, and saves a Calc document with two sheets:

  KPIs          metrics.dashboard, one row per metric:
                metric, unit, target, current, previous, change, onTrack
  NPS by month  metrics.nps with period "month" over the whole history, one row per month:
                period, score, n, promoters, passives, detractors, low, high, tooFewResponses

Each sheet starts with that header row. Numbers are written as numbers (cell.Value), a JSON null
as an empty cell, strings as text. Booleans (onTrack, tooFewResponses) are Calc logical values:
the number 1 or 0 with Calc's BOOLEAN number format, so they show as TRUE / FALSE, export to
CSV as TRUE / FALSE and work in formulas such as =IF(G2;"yes";"no"). The document's title
names the periods, e.g. "Rapport KPIs: month 2026-11 (previous 2026-10)".

Requirements (Debian 12):

    apt-get install -y libreoffice-calc python3-uno

Python-UNO is built for Debian's own Python, so run it with /usr/bin/python3 (not a pyenv or
virtualenv python3, which cannot `import uno`).

Run it:

    rapport demo --db demo.sqlite --customers 300 --until 2026-12-01T00:00:00Z
    rapport serve --db demo.sqlite --socket /tmp/rapport.sock &
    /usr/bin/python3 examples/calc_kpis.py --socket /tmp/rapport.sock --out kpis.ods \\
        --period month --at 2026-11-30T12:00:00Z

Options:

    --socket SOCK        the Rapport Unix socket (required)
    --out PATH           where to save the .ods (required; overwritten)
    --period P           month (default) or quarter, for metrics.dashboard
    --at RFC3339         the dashboard's moment (default: the server's now)
    --office-port N      the UNO port of LibreOffice. When an office already accepts UNO on
                         127.0.0.1:N (started with --accept="socket,host=127.0.0.1,port=N;urp;"),
                         the script uses it and leaves it running; otherwise it starts its own
                         headless soffice there (default: a free port) and terminates it at the end.
    --soffice PATH       the soffice program (default: soffice on PATH)
    --profile DIR        the LibreOffice user profile of the soffice it starts (default: a fresh
                         temporary one, removed at the end). A kept profile makes later starts
                         faster; never share one with an office that is running.

It prints the path written and the row counts; it exits 1 with a message on stderr when the
server refuses a request or LibreOffice cannot be started or reached.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

KPI_COLUMNS = ["metric", "unit", "target", "current", "previous", "change", "onTrack"]
NPS_COLUMNS = ["period", "score", "n", "promoters", "passives", "detractors", "low", "high", "tooFewResponses"]


class RapportError(Exception):
    pass


class Rapport:
    """One JSON-RPC connection over the Unix socket, one request at a time; event notifications
    (there are none unless subscribed) are skipped."""

    def __init__(self, path, timeout=60):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.lines = self.sock.makefile("rb")
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        self.sock.sendall(json.dumps(request).encode() + b"\n")
        while True:
            line = self.lines.readline()
            if not line:
                raise RapportError(f"{method}: the server closed the connection")
            reply = json.loads(line)
            if reply.get("method") == "event" and "id" not in reply:
                continue
            break
        if reply.get("id") != self.next_id:
            raise RapportError(f"{method}: reply for id {reply.get('id')!r}, expected {self.next_id}")
        if "error" in reply:
            error = reply["error"]
            reason = (error.get("data") or {}).get("reason")
            raise RapportError(f"{method}: {error.get('message')} ({reason}) {error.get('data')}")
        return reply["result"]

    def close(self):
        self.lines.close()
        self.sock.close()


def kpi_rows(dashboard):
    return [[row[column] for column in KPI_COLUMNS] for row in dashboard["rows"]]


def nps_rows(nps):
    rows = []
    for period in nps["periods"]:
        interval = period["interval"] or {}
        rows.append([
            period["period"], period["score"], period["n"], period["promoters"], period["passives"],
            period["detractors"], interval.get("low"), interval.get("high"), period["tooFewResponses"],
        ])
    return rows


# --- LibreOffice -------------------------------------------------------------------------------

def port_is_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Office:
    """A LibreOffice reached over UNO: one already running on the port, or a headless soffice
    started here with a private profile (and terminated by close())."""

    def __init__(self, port=None, soffice="soffice", profile=None, timeout=60):
        import uno  # imported here, so that --help works without Python-UNO

        self.process = None
        self.profile_owned = None
        if port is not None and port_is_open(port):
            self.port = port
        else:
            self.port = port or free_port()
            program = shutil.which(soffice) or soffice
            if profile is None:
                profile = tempfile.mkdtemp(prefix="rapport-lo-profile-")
                self.profile_owned = profile
            # stderr to a file, not a pipe nobody drains: only read when soffice dies early.
            self.log = tempfile.TemporaryFile()
            self.process = subprocess.Popen(
                [program, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                 "--nolockcheck", "-env:UserInstallation=" + uno.systemPathToFileUrl(os.path.abspath(profile)),
                 f"--accept=socket,host=127.0.0.1,port={self.port};urp;"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log,
                # Its own process group: soffice is a wrapper (oosplash) around soffice.bin, and a
                # kill must reach both.
                start_new_session=True)
        try:
            self.context = self._connect(timeout)
        except BaseException:
            self.desktop = None
            self.close()
            raise
        self.desktop = self.context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.context)

    def _connect(self, timeout):
        import uno
        from com.sun.star.connection import NoConnectException

        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:socket,host=127.0.0.1,port={self.port};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + timeout
        while True:
            try:
                return resolver.resolve(url)
            except NoConnectException:
                if self.process is not None and self.process.poll() is not None:
                    self.log.seek(0)
                    err = self.log.read().decode(errors="replace").strip()
                    raise RuntimeError(f"soffice exited with status {self.process.returncode} before accepting UNO: {err}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no LibreOffice accepted UNO on 127.0.0.1:{self.port} within {timeout} s")
                time.sleep(0.2)

    def close(self):
        """Terminates the soffice started here (an office found running is left alone)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                if self.desktop is not None:
                    self.desktop.terminate()
                else:
                    os.killpg(self.process.pid, signal.SIGTERM)
            except Exception:
                pass  # the bridge goes away as the office quits: that is the normal end
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.profile_owned:
            shutil.rmtree(self.profile_owned, ignore_errors=True)


def property_value(name, value):
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def write_table(sheet, header, rows, boolean_format):
    """Header in row 1, one row per record after it: numbers as values, strings as text,
    booleans as 1/0 with the logical number format, None left empty."""
    for column, title in enumerate(header):
        sheet.getCellByPosition(column, 0).String = title
        sheet.getCellByPosition(column, 0).CharWeight = 150.0  # bold
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue
            cell = sheet.getCellByPosition(column, row_index)
            if isinstance(value, bool):
                cell.Value = 1 if value else 0
                cell.NumberFormat = boolean_format
            elif isinstance(value, (int, float)):
                cell.Value = value
            else:
                cell.String = str(value)
    sheet.getColumns().OptimalWidth = True


def build_document(office, out_path, title, sheets):
    """A new Calc document with `sheets` [(name, header, rows)], saved as ODF to out_path, closed."""
    import uno
    from com.sun.star.lang import Locale
    from com.sun.star.util.NumberFormat import LOGICAL

    doc = office.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                              (property_value("Hidden", True),))
    try:
        boolean_format = doc.NumberFormats.getStandardFormat(LOGICAL, Locale())
        spreadsheets = doc.Sheets
        for index, (name, header, rows) in enumerate(sheets):
            if index < spreadsheets.Count:
                sheet = spreadsheets.getByIndex(index)
                sheet.Name = name
            else:
                spreadsheets.insertNewByName(name, index)
                sheet = spreadsheets.getByName(name)
            write_table(sheet, header, rows, boolean_format)
        while spreadsheets.Count > len(sheets):
            spreadsheets.removeByName(spreadsheets.getByIndex(len(sheets)).Name)
        doc.DocumentProperties.Title = title
        url = uno.systemPathToFileUrl(os.path.abspath(out_path))
        doc.storeToURL(url, (property_value("FilterName", "calc8"), property_value("Overwrite", True)))
    finally:
        doc.close(True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Rapport's KPI dashboard and monthly NPS as a Calc .ods (Python-UNO).")
    parser.add_argument("--socket", required=True, help="the Rapport Unix socket (rapport serve --socket)")
    parser.add_argument("--out", required=True, help="the .ods to write (overwritten)")
    parser.add_argument("--period", choices=["month", "quarter"], default="month", help="dashboard period (default month)")
    parser.add_argument("--at", help="the dashboard's moment, RFC 3339 (default: the server's now)")
    parser.add_argument("--office-port", type=int, help="UNO port of a running LibreOffice, or the one to start")
    parser.add_argument("--soffice", default="soffice", help="the soffice program (default: soffice on PATH)")
    parser.add_argument("--profile", help="LibreOffice user profile directory for the soffice started (default: temporary)")
    args = parser.parse_args(argv)

    try:
        rapport = Rapport(args.socket)
        try:
            params = {"period": args.period}
            if args.at:
                params["at"] = args.at
            dashboard = rapport.call("metrics.dashboard", **params)
            nps = rapport.call("metrics.nps", period="month")
        finally:
            rapport.close()
    except (OSError, RapportError, ValueError) as error:
        print(f"calc_kpis: Rapport at {args.socket}: {error}", file=sys.stderr)
        return 1

    try:
        import uno  # noqa: F401
    except ImportError:
        print(f"calc_kpis: Python-UNO is missing for {sys.executable}: install python3-uno "
              "and run the script with /usr/bin/python3", file=sys.stderr)
        return 1

    title = f"Rapport KPIs: {args.period} {dashboard['period']} (previous {dashboard['previousPeriod']})"
    sheets = [("KPIs", KPI_COLUMNS, kpi_rows(dashboard)), ("NPS by month", NPS_COLUMNS, nps_rows(nps))]
    try:
        office = Office(port=args.office_port, soffice=args.soffice, profile=args.profile)
    except (OSError, RuntimeError) as error:
        print(f"calc_kpis: LibreOffice: {error}", file=sys.stderr)
        return 1
    try:
        build_document(office, args.out, title, sheets)
    finally:
        office.close()
    print(f"{args.out}: KPIs {len(sheets[0][2])} rows, NPS by month {len(sheets[1][2])} rows "
          f"({dashboard['period']} vs {dashboard['previousPeriod']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
