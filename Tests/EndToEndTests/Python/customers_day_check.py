#!/usr/bin/env python3
"""A realistic day at a small shop, driven over the Unix socket with the standard library only.

Creates three customers, records orders (one retried), refunds part of one, logs interactions,
builds a segment "no order for 60 days" from dated orders, reads a timeline, exports and erases
a customer. Exits non-zero with a message on the first surprise.
Usage: customers_day_check.py SOCKET_PATH
"""
import datetime
import sys

from rapport_client import Failure, Rapport, expect


def days_ago(days):
    moment = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def main(path):
    shop = Rapport(path)
    anna = shop.call("customers.create", name="Anna", email="Anna@Example.com", phone="+7 999 111-22-33",
                     consent={"email": True}, tags=["coffee"], at=days_ago(200))
    boris = shop.call("customers.create", name="Boris", email="boris@example.com", source="referral", at=days_ago(150))
    vera = shop.call("customers.create", name="Vera", phone="+7 999 444-55-66", birthday="--07-01", at=days_ago(120))
    try:
        shop.call("customers.create", email="ANNA@example.com")
        expect(False, "a duplicate email must be refused")
    except Failure as error:
        expect(error.reason == "conflict" and error.data["existingId"] == anna["id"], f"duplicate {error.data}")

    first = shop.call("orders.record", customerId=anna["id"], externalId="web-1", amount=150000, at=days_ago(90),
                      items=[{"sku": "beans-1kg", "category": "coffee", "quantity": 1, "price": 150000}])
    retry = shop.call("orders.record", customerId=anna["id"], externalId="web-1", amount=150000, at=days_ago(90),
                      items=[{"sku": "beans-1kg", "category": "coffee", "quantity": 1, "price": 150000}])
    expect(first["created"] and not retry["created"] and retry["order"]["id"] == first["order"]["id"], "a retried order is recorded once")
    shop.call("orders.record", customerId=boris["id"], externalId="web-2", amount=80000, at=days_ago(10))
    big = shop.call("orders.record", customerId=vera["id"], externalId="pos-3", amount=120000, at=days_ago(70), channel="store")
    refund = shop.call("orders.refund", orderId=big["order"]["id"], amount=20000, reason="damaged box")
    expect(refund["order"]["refunded"] == 20000, f"refund {refund}")

    shop.call("interactions.log", customerId=anna["id"], channel="phone", direction="in", kind="call",
              summary="Asked when the next roast arrives", cost=1500, at=days_ago(5))
    shop.call("interactions.log", customerId=vera["id"], channel="email", direction="out", kind="message",
              summary="Sorry about the box; refund sent")

    anna_now = shop.call("customers.get", email="anna@example.com")
    expect(anna_now["stats"]["orderCount"] == 1 and anna_now["stats"]["totalSpent"] == 150000, f"anna stats {anna_now['stats']}")
    vera_now = shop.call("customers.get", phone="+79994445566")
    expect(vera_now["stats"]["totalSpent"] == 100000, "refund lowers total spent")

    segment = shop.call("segments.create", name="No order for 60 days",
                        rule={"all": [{"field": "daysSinceLastOrder", "op": ">", "value": 60}]})
    members = shop.call("segments.members", id=segment["id"])
    expect(sorted(m["name"] for m in members["items"]) == ["Anna", "Vera"], f"members {members}")
    preview = shop.call("segments.preview", rule={"any": [{"field": "tags", "op": "contains", "value": "coffee"},
                                                         {"field": "source", "op": "=", "value": "referral"}]})
    expect(preview["count"] == 2, f"preview {preview}")
    try:
        shop.call("segments.preview", rule={"field": "favouriteColour", "op": "=", "value": "red"})
        expect(False, "an unknown field must be refused")
    except Failure as error:
        expect(error.reason == "invalid_params" and "field" in (error.field or ""), f"unknown field {error.field}")

    timeline = shop.call("customers.timeline", id=anna["id"])
    expect([entry["kind"] for entry in timeline["items"]] == ["interaction", "order", "points"], f"timeline {timeline}")

    export = shop.call("customers.export", id=vera["id"])
    expect(export["customer"]["phone"] == "+79994445566" and len(export["orders"]) == 1 and len(export["refunds"]) == 1,
           "export holds everything")
    expect(export["segments"] == ["No order for 60 days"], f"export segments {export['segments']}")
    shop.call("customers.erase", id=vera["id"])
    try:
        shop.call("customers.get", phone="+79994445566")
        expect(False, "an erased customer is not found by phone")
    except Failure as error:
        expect(error.reason == "not_found", "erased lookup")
    members = shop.call("segments.members", id=segment["id"])
    expect([m["name"] for m in members["items"]] == ["Anna"], "erased customers leave segments")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
