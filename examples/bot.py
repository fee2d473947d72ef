#!/usr/bin/env python3
"""A chat-bot backend on Rapport's Python client: points questions and the feedback inbox.

A short scripted demo of what a messenger bot would do, printed as it happens:

1. A customer writes in and says who they are; the bot finds them with ``customers.search``.
2. "How many points do I have?": ``loyalty.balance`` (available, pending, expiring soon),
   with what the points are worth from ``loyalty.program`` and ``store.settings``.
3. "What did I get them for?": the latest entries of ``loyalty.history``.
4. The bot works the feedback inbox (``feedback.inbox``): every item nobody has answered yet
   gets a reply with ``feedback.respond``: as the bot (``byKind: "bot"``, which does not meet
   the deadline: a person still has to answer) or, with ``--staff NAME``, as that staff member.
   Each reply carries an idempotency key, so running the bot again answers nothing twice.

Run it against a server (``rapport demo --db demo.sqlite --customers 300`` makes sample data)::

    rapport serve --db demo.sqlite --socket /tmp/rapport.sock &
    python3 examples/bot.py --socket /tmp/rapport.sock
    python3 examples/bot.py --socket /tmp/rapport.sock --customer anna@example.com --staff Olga

or let it start its own server over pipes: ``python3 examples/bot.py --db demo.sqlite``.

Options: ``--customer TEXT`` (what the customer says they are called: a name, email or phone;
default: the first customer with a name), ``--staff NAME`` (answer the inbox as this person
instead of the bot), ``--limit N`` (inbox items to work, default 5), ``--dry-run`` (show the
replies without recording them), ``--rapport EXE`` (with ``--db``; default
``$RAPPORT_EXECUTABLE`` or ``rapport``).

It runs from a checkout without installing the package (it falls back to
``clients/python/src``). Exits 1 with a message on stderr when the server refuses a request.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Dict, List, Optional

try:
    from rapport import Rapport, RapportError
except ImportError:  # running from a checkout: use the package beside this script
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python", "src"))
    from rapport import Rapport, RapportError

BOT_NAME = "rapport-bot"


def say(who: str, text: str) -> None:
    """Prints one line of the conversation."""
    print(f"{who:>9}> {text}")


def money(amount: int, currency: str) -> str:
    """Minor units as a readable amount (two decimals, as most currencies have)."""
    return f"{amount / 100:,.2f} {currency}"


def find_customer(shop: Rapport, query: Optional[str]) -> Optional[Dict[str, Any]]:
    """The customer the person in the chat says they are, found with customers.search."""
    if query is None:
        # The demo needs someone to play the customer: the first one with a name.
        page = shop.call("customers.list", limit=50)
        named = [c for c in page["items"] if c.get("name") and not c.get("erasedAt")]
        if not named:
            return None
        query = named[0]["name"]
    say("customer", f"Hi, this is {query}. How many points do I have?")
    if len(query) < 3:
        say("bot", "Could you give me your full name, email or phone number?")
        return None
    found: List[Dict[str, Any]] = shop.call("customers.search", query=query, limit=5)["items"]
    if not found:
        say("bot", f"Sorry, I could not find anyone called {query!r}. Could you give me your email?")
        return None
    if len(found) > 1:
        exact = [c for c in found if query.lower() in ((c.get("name") or "").lower(), (c.get("email") or "").lower())]
        found = exact or found
    return found[0]


def answer_points(shop: Rapport, customer: Dict[str, Any]) -> Dict[str, int]:
    """Answers the points question from loyalty.balance and loyalty.history."""
    first_name = (customer.get("name") or "there").split()[0]
    balance = shop.call("loyalty.balance", customerId=customer["id"], expiringWithinDays=30)
    program = shop.call("loyalty.program")
    currency = shop.call("store.settings")["currency"]
    worth = balance["available"] * program["pointValue"]
    text = f"Hi {first_name}! You have {balance['available']:,} points available"
    if balance["available"] > 0:
        text += f", worth {money(worth, currency)} off your next order"
    if balance["pending"]:
        text += f"; {balance['pending']:,} more become available once their return window ends"
    say("bot", text + ".")
    for lot in balance["expiringSoon"]:
        say("bot", f"Heads up: {lot['points']:,} of them expire on {lot['at'][:10]}.")

    say("customer", "What did I get them for?")
    history = shop.call("loyalty.history", customerId=customer["id"], limit=5)["items"]
    if not history:
        say("bot", "Nothing yet: your first order earns your first points.")
    for entry in history:
        what = entry.get("reason") or entry.get("reference") or ("an order" if entry.get("orderId") else entry["kind"])
        say("bot", f"  {entry['at'][:10]}  {entry['points']:+,} ({entry['kind']}: {what})")
    return {"available": balance["available"], "pending": balance["pending"], "entries": len(history)}


def reply_text(item: Dict[str, Any], staff: Optional[str]) -> str:
    """What to answer an inbox item: a person's apology or the bot's acknowledgement."""
    name = ((item.get("customer") or {}).get("name") or item.get("author") or "").split()
    greeting = f"Dear {name[0]}" if name else "Hello"
    if staff:
        return f"{greeting}, I am sorry we let you down. I am looking into it personally and will get back to you today. {staff}"
    return f"{greeting}, thank you for telling us. A member of our team will get back to you shortly."


def work_inbox(shop: Rapport, staff: Optional[str], limit: int, dry_run: bool) -> int:
    """Answers the inbox items nobody answered yet; returns how many replies were sent."""
    items: List[Dict[str, Any]] = shop.call("feedback.inbox", limit=limit)["items"]
    print(f"\ninbox: {len(items)} item(s) need attention")
    sent = 0
    for item in items:
        what = item["kind"]
        if item.get("rating") is not None:
            what += f" {item['rating']}/5"
        if item.get("score") is not None:
            what += f" NPS {item['score']}"
        due = "overdue" if item["overdue"] else f"due {item['deadline']}" if item.get("deadline") else "no deadline"
        text = (item.get("text") or "").strip()
        print(f"  {item['id']}: {what}, {due}" + (f": {text[:80]!r}" if text else ""))
        if item["status"] != "open" or (staff is None and item.get("firstResponseAt")):
            print("    already answered; skipped")
            continue
        params = {
            "id": item["id"],
            "text": reply_text(item, staff),
            "by": staff or BOT_NAME,
            "byKind": "staff" if staff else "bot",
            "idempotencyKey": f"{'staff' if staff else 'bot'}-reply:{item['id']}",
        }
        if dry_run:
            params["dryRun"] = True
        try:
            answer = shop.call("feedback.respond", params)
        except RapportError as error:
            print(f"    not answered: {error.reason}: {error.message}")
            continue
        result = answer["result"] if dry_run else answer
        sent += 1
        met = {True: "met the deadline", False: "missed the deadline", None: "does not count for the deadline"}[result["metDeadline"]]
        print(f"    {'would reply' if dry_run else 'replied'} as {params['by']} ({params['byKind']}): {met}; status {result['item']['status']}")
    return sent


def main(argv: Optional[List[str]] = None) -> int:
    """Runs the scripted demo; answers the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--socket", help="the Unix socket of a running `rapport serve --socket`")
    where.add_argument("--db", help="start a private `rapport serve --db DB` over pipes instead")
    parser.add_argument("--rapport", help="the rapport executable for --db (default $RAPPORT_EXECUTABLE or rapport)")
    parser.add_argument("--customer", help="who the customer says they are: name, email or phone")
    parser.add_argument("--staff", help="answer the inbox as this staff member instead of as the bot")
    parser.add_argument("--limit", type=int, default=5, help="inbox items to work (1-100, default 5)")
    parser.add_argument("--dry-run", action="store_true", help="show the replies without recording them")
    args = parser.parse_args(argv)

    shop = Rapport.connect(args.socket) if args.socket else Rapport.spawn(args.db, executable=args.rapport)
    try:
        with shop:
            store = shop.call("store.settings")
            print(f"bot for {store['name'] or 'the store'} ({store['currency']})")
            customer = find_customer(shop, args.customer)
            if customer is None:
                print("\npoints: no customer found")
            else:
                print(f"\ncustomer: {customer['id']} {customer.get('name')!r}")
                points = answer_points(shop, customer)
                print(f"points: {points['available']} available, {points['pending']} pending, {points['entries']} history entries shown")
            sent = work_inbox(shop, args.staff, args.limit, args.dry_run)
            print(f"\ndone: {sent} repl{'y' if sent == 1 else 'ies'} {'drafted' if args.dry_run else 'sent'}")
    except RapportError as error:
        print(f"bot.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
