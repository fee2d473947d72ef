#!/usr/bin/env python3
"""Rapport's KPI dashboard as CSV, on Rapport's Python client.

Asks ``metrics.dashboard`` for the KPI table and writes one CSV row per metric under the header

    metric,unit,target,current,previous,change,onTrack

to standard output or ``--out FILE``. Numbers are written as the server sent them (``40``,
``33.333333333333336``), a JSON null as an empty cell, ``onTrack`` as ``true`` / ``false``.
With ``--set-targets`` it first sets a few KPI targets with ``kpis.set`` (a 40% repeat rate, an
NPS of 50, 60% loyalty participation, at most 10% churn, answers within an hour), and
``--target METRIC=VALUE`` (repeatable) sets any one you like. The periods of the table go to
standard error, so standard output stays pure CSV.

Run it::

    rapport serve --db demo.sqlite --socket /tmp/rapport.sock &
    python3 examples/sheet.py --socket /tmp/rapport.sock --set-targets --out kpis.csv
    python3 examples/sheet.py --db demo.sqlite --period quarter --at 2026-11-30T12:00:00Z

Options: ``--socket SOCK`` or ``--db DB`` (a private server over pipes; ``--rapport EXE``
names the program, default ``$RAPPORT_EXECUTABLE`` or ``rapport``), ``--period month|quarter``,
``--at RFC3339`` (default the server's now), ``--out FILE``, ``--set-targets``,
``--target METRIC=VALUE``.

It runs from a checkout without installing the package (it falls back to
``clients/python/src``). Exits 1 with a message on stderr when the server refuses a request.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from typing import Any, Dict, List, Optional, TextIO, Tuple

try:
    from rapport import Rapport, RapportError
except ImportError:  # running from a checkout: use the package beside this script
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python", "src"))
    from rapport import Rapport, RapportError

COLUMNS = ["metric", "unit", "target", "current", "previous", "change", "onTrack"]

#: What --set-targets sets (each in the metric's unit: percent, NPS points, seconds).
DEFAULT_TARGETS: Dict[str, float] = {
    "repeat_rate": 40,
    "nps": 50,
    "loyalty_participation": 60,
    "churn": 10,
    "median_response_time": 3600,
}


def cell(value: Any) -> str:
    """One CSV cell: empty for null, true/false for booleans, numbers as the server sent them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_target(text: str) -> Tuple[str, float]:
    """``METRIC=VALUE`` as (metric, number)."""
    metric, sep, value = text.partition("=")
    if not sep or not metric:
        raise argparse.ArgumentTypeError(f"expected METRIC=VALUE, got {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    return metric, int(number) if number.is_integer() else number


def write_dashboard(dashboard: Dict[str, Any], out: TextIO) -> int:
    """Writes the header and one row per dashboard metric; answers the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in dashboard["rows"]:
        writer.writerow([cell(row.get(column)) for column in COLUMNS])
    return len(dashboard["rows"])


def main(argv: Optional[List[str]] = None) -> int:
    """Writes the CSV; answers the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--socket", help="the Unix socket of a running `rapport serve --socket`")
    where.add_argument("--db", help="start a private `rapport serve --db DB` over pipes instead")
    parser.add_argument("--rapport", help="the rapport executable for --db (default $RAPPORT_EXECUTABLE or rapport)")
    parser.add_argument("--period", choices=["month", "quarter"], default="month")
    parser.add_argument("--at", help="the dashboard's moment, RFC 3339 (default: the server's now)")
    parser.add_argument("--out", help="write the CSV here instead of standard output")
    parser.add_argument("--set-targets", action="store_true", help="set a few KPI targets first (kpis.set)")
    parser.add_argument("--target", action="append", type=parse_target, default=[], metavar="METRIC=VALUE",
                        help="set this KPI target first (repeatable)")
    args = parser.parse_args(argv)

    targets: Dict[str, float] = dict(DEFAULT_TARGETS) if args.set_targets else {}
    targets.update(dict(args.target))
    shop = Rapport.connect(args.socket) if args.socket else Rapport.spawn(args.db, executable=args.rapport)
    try:
        with shop:
            if targets:
                for answer in shop.call_many([("kpis.set", {"metric": m, "target": t}) for m, t in targets.items()]):
                    print(f"target: {answer['metric']} {answer['target']} {answer['unit']}", file=sys.stderr)
            params: Dict[str, Any] = {"period": args.period}
            if args.at:
                params["at"] = args.at
            dashboard = shop.call("metrics.dashboard", params)
    except RapportError as error:
        print(f"sheet.py: {error}", file=sys.stderr)
        return 1
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as out:
            rows = write_dashboard(dashboard, out)
        print(f"wrote {args.out}: {rows} metrics, {dashboard['period']} against {dashboard['previousPeriod']}", file=sys.stderr)
    else:
        rows = write_dashboard(dashboard, sys.stdout)
        print(f"{rows} metrics, {dashboard['period']} against {dashboard['previousPeriod']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
