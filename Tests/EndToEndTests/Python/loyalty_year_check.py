#!/usr/bin/env python3
"""A year in the life of one loyalty customer, driven over the Unix socket with the standard library only.

Configures the points program (14-day return window, 365-day expiry), two tiers (Gold from 50,000.00
spent in 365 days, x1.5), referral bonuses and a birthday reward. Mila joins with Rita's referral
code, orders through 2026 (referral converts, her points and both referral bonuses pend through the
return window then become available, Gold is reached and earns x1.5). Rita also invites Nina, whose
first order is refunded in full (both referral bonuses taken back, the referral unconverted) and
whose next order converts it again. Mila uses a birthday coupon (not before it was issued) and a
birthday reward, pays part of an order with points (quote the basket, record what is paid in money,
redeem on that order), has that order refunded in two steps (points reversed and given back pro
rata), then in 2027 loses Gold after the grace period and sees her oldest points expire. Every
number is computed by hand from the rules and asserted exactly; every `at` is explicit, so the
result does not depend on the clock. Balances and tier status are read at an `at` no earlier than
the last entry written, since `at` only looks ahead (entries are read as they are now).
Exits non-zero with a message on the first surprise.
Usage: loyalty_year_check.py SOCKET_PATH
"""
import sys

from rapport_client import Failure, Rapport, expect, expect_equal, expect_refusal


def balance(shop, customer, at, **extra):
    return shop.call("loyalty.balance", customerId=customer, at=at, **extra)


def expect_balance(shop, customer, at, what, **expected):
    got = balance(shop, customer, at)
    for key, value in expected.items():
        expect_equal(got[key], value, f"{what}: balance.{key} at {at}")
    return got


def history(shop, customer, kind=None):
    params = {"customerId": customer, "limit": 1000}
    if kind:
        params["kind"] = kind
    return shop.call("loyalty.history", **params)["items"]


def kinds_of(entries):
    counts = {}
    for entry in entries:
        counts[entry["kind"]] = counts.get(entry["kind"], 0) + 1
    return counts


def main(path):
    shop = Rapport(path)
    watcher = Rapport(path)
    watcher.call("events.subscribe", topics=["referral.converted", "tier.changed", "points.expired", "coupon.redeemed"])

    # 1. The programme.
    program = shop.call("loyalty.configure", earnRate={"points": 50, "per": 100000}, rounding="down", pendingDays=14,
                        expiryDays=365, minRedeem=1, maxRedeemShare=50, pointValue=100)
    expect_equal(program, {"earnRate": {"points": 50, "per": 100000}, "rounding": "down", "pendingDays": 14, "expiryDays": 365,
                           "minRedeem": 1, "maxRedeemShare": 50, "pointValue": 100}, "loyalty.configure")
    policy = shop.call("tiers.configure", tiers=[
        {"name": "Silver", "threshold": 0, "multiplier": 1, "perks": []},
        {"name": "Gold", "threshold": 5000000, "multiplier": 1.5, "perks": ["free delivery"]},
    ], window="365d", qualifyingOn="spend", downgrade={"graceDays": 30})
    expect_equal([(t["name"], t["threshold"], t["multiplier"]) for t in policy["tiers"]],
                 [("Silver", 0, 1), ("Gold", 5000000, 1.5)], "tiers.configure")
    referral_program = shop.call("referrals.configure", referrerPoints=500, refereePoints=300, minOrderAmount=100000)
    expect_equal(referral_program, {"referrerPoints": 500, "refereePoints": 300, "minOrderAmount": 100000}, "referrals.configure")
    rules = shop.call("rewards.configure", rules=[{"event": "birthday", "points": 200, "limitPerCustomer": 1, "period": "365d"}])
    expect_equal(rules["rules"], [{"event": "birthday", "points": 200, "limitPerCustomer": 1, "period": "365d"}], "rewards.configure")

    # 2. Rita invites Mila.
    rita = shop.call("customers.create", name="Rita", email="rita@example.com", at="2025-11-20T09:00:00Z")["id"]
    code = shop.call("referrals.code", customerId=rita)["code"]
    expect(len(code.replace("-", "")) == 8, f"a referral code has eight characters: {code}")
    expect_equal(shop.call("referrals.code", customerId=rita)["code"], code, "the referral code never changes")
    mila = shop.call("customers.create", name="Mila", email="mila@example.com", birthday="1990-06-15", source="referral",
                     referralCode=code.lower(), at="2026-01-05T09:00:00Z")["id"]
    stats = shop.call("referrals.stats", customerId=rita)
    expect_equal((stats["invited"], stats["converted"], stats["pointsEarned"]), (1, 0, 0), "referrer stats before the first order")
    expect_equal(shop.call("referrals.stats", customerId=mila)["referredBy"], rita, "Mila was referred by Rita")

    # 3. First order: 12,345.67 earns floor(1234567 * 50 / 100000) = 617 points, pending for 14 days.
    order1 = shop.call("orders.record", customerId=mila, externalId="web-1001", amount=1234567, at="2026-01-10T10:00:00Z")["order"]
    earns = history(shop, mila, "earn")
    expect_equal(len(earns), 1, "one earn entry after the first order")
    earn = earns[0]
    expect_equal((earn["points"], earn["orderId"], earn["at"], earn["availableAt"], earn["expiresAt"], earn["reason"]),
                 (617, order1["id"], "2026-01-10T10:00:00Z", "2026-01-24T10:00:00Z", "2027-01-10T10:00:00Z", "order web-1001"),
                 "earn entry of the first order")
    # Both referral bonuses pend through the return window of the converting order, like its own points.
    mila_bonus = history(shop, mila, "bonus")
    expect_equal([(e["points"], e["reference"], e["orderId"], e["at"], e["availableAt"], e["expiresAt"], e["reason"]) for e in mila_bonus],
                 [(300, f"referral:{mila}", order1["id"], "2026-01-10T10:00:00Z", "2026-01-24T10:00:00Z", "2027-01-10T10:00:00Z",
                   f"joined by referral of {rita}")], "referee bonus")
    rita_bonus = history(shop, rita, "bonus")
    expect_equal([(e["points"], e["reference"], e["orderId"], e["availableAt"], e["expiresAt"], e["reason"]) for e in rita_bonus],
                 [(500, f"referral:{mila}", order1["id"], "2026-01-24T10:00:00Z", "2027-01-10T10:00:00Z", f"referral of {mila}")],
                 "referrer bonus")
    converted = watcher.wait_for_events("referral.converted", 1)
    expect_equal(len(converted), 1, "one referral.converted event")
    referral = converted[0]["data"]["referral"]
    expect_equal((referral["refereeId"], referral["referrerId"], referral["orderId"], referral["linkedAt"], referral["convertedAt"]),
                 (mila, rita, order1["id"], "2026-01-05T09:00:00Z", "2026-01-10T10:00:00Z"), "referral.converted")
    stats = shop.call("referrals.stats", customerId=rita)
    expect_equal({k: stats[k] for k in ("code", "invited", "converted", "refereeRevenue", "pointsEarned", "referredBy")},
                 {"code": code, "invited": 1, "converted": 1, "refereeRevenue": 1234567, "pointsEarned": 500, "referredBy": None},
                 "referrer stats after the first order")
    expect_balance(shop, rita, "2026-01-10T10:00:00Z", "referrer's bonus pends with the order", available=0, pending=500, balance=500,
                   lifetimeEarned=500)
    expect_balance(shop, rita, "2026-01-24T09:59:59Z", "referrer's bonus one second before the window ends", available=0, pending=500)
    expect_balance(shop, rita, "2026-01-24T10:00:00Z", "referrer's bonus when the window ends", available=500, pending=0, balance=500)
    # 617 earned + 300 referee bonus, all pending until 24 January 10:00.
    expect_balance(shop, mila, "2026-01-15T00:00:00Z", "inside the return window",
                   available=0, pending=917, balance=917, lifetimeEarned=917)
    expect_balance(shop, mila, "2026-01-24T09:59:59Z", "one second before the window ends", available=0, pending=917)
    expect_balance(shop, mila, "2026-01-24T10:00:00Z", "when the window ends", available=917, pending=0, balance=917)

    # 4. Towards Gold: 20,000.00 earns 1000; 18,000.00 earns 900 at x1 and crosses 50,000.00 (5,034,567).
    shop.call("orders.record", customerId=mila, externalId="web-1002", amount=2000000, at="2026-02-10T10:00:00Z")
    status = shop.call("tiers.status", customerId=mila, at="2026-02-11T00:00:00Z")
    expect_equal((status["tier"], status["qualifying"], status["next"]), ("Silver", 3234567, {"tier": "Gold", "threshold": 5000000, "remaining": 1765433}),
                 "still Silver at 32,345.67")
    shop.call("orders.record", customerId=mila, externalId="web-1003", amount=1800000, at="2026-03-10T10:00:00Z")
    expect_equal([(e["points"], e["reason"]) for e in history(shop, mila, "earn")[:1]], [(900, "order web-1003")],
                 "the order that reaches Gold earns at the old tier")
    status = shop.call("tiers.status", customerId=mila, at="2026-03-10T12:00:00Z")
    expect_equal({k: status[k] for k in ("tier", "multiplier", "since", "qualifying", "next", "belowSince", "nextEvaluationAt")},
                 {"tier": "Gold", "multiplier": 1.5, "since": "2026-03-10T10:00:00Z", "qualifying": 5034567, "next": None,
                  "belowSince": None, "nextEvaluationAt": "2027-02-09T10:00:00Z"}, "Gold at once after the threshold")
    # 3,333.33 at x1.5: floor(333333 * 50 * 1.5 / 100000) = floor(249.99975) = 249.
    order4 = shop.call("orders.record", customerId=mila, externalId="web-1004", amount=333333, at="2026-03-20T10:00:00Z")["order"]
    latest = history(shop, mila, "earn")[0]
    expect_equal((latest["orderId"], latest["points"], latest["reason"]), (order4["id"], 249, "order web-1004, Gold ×1.5"),
                 "a Gold order earns x1.5, rounded down")
    expect_balance(shop, mila, "2026-04-03T10:00:00Z", "after four orders", available=3066, pending=0, balance=3066)

    # 4b. Rita invites Nina. Nina's first order (1,500.00, earning 75) converts the referral; it is returned in full
    # inside the return window, which takes back both referral bonuses and unconverts the referral; her next
    # qualifying order (1,200.00, earning 60) converts it again.
    nina = shop.call("customers.create", name="Nina", email="nina@example.com", source="referral", referralCode=code,
                     at="2026-04-10T09:00:00Z")["id"]
    stats = shop.call("referrals.stats", customerId=rita)
    expect_equal((stats["invited"], stats["converted"], stats["pointsEarned"]), (2, 1, 500), "Rita has invited Nina too")
    nina1 = shop.call("orders.record", customerId=nina, externalId="web-2001", amount=150000, at="2026-04-15T10:00:00Z")["order"]
    converted = watcher.wait_for_events("referral.converted", 2)
    expect_equal([(e["data"]["referral"]["refereeId"], e["data"]["referral"]["orderId"]) for e in converted[1:]], [(nina, nina1["id"])],
                 "Nina's first order converts")
    nina_bonus = history(shop, nina, "bonus")
    expect_equal([(e["points"], e["reference"], e["orderId"], e["availableAt"], e["expiresAt"]) for e in nina_bonus],
                 [(300, f"referral:{nina}", nina1["id"], "2026-04-29T10:00:00Z", "2027-04-15T10:00:00Z")], "Nina's referee bonus pends")
    stats = shop.call("referrals.stats", customerId=rita)
    expect_equal((stats["invited"], stats["converted"], stats["pointsEarned"]), (2, 2, 1000), "both referrals converted")
    expect_balance(shop, rita, "2026-04-15T10:00:00Z", "Rita's second bonus pends", available=500, pending=500, balance=1000,
                   lifetimeEarned=1000)
    expect_balance(shop, nina, "2026-04-15T10:00:00Z", "Nina's points pend", available=0, pending=375, balance=375)
    returned = shop.call("orders.refund", orderId=nina1["id"], reason="returned", at="2026-04-20T10:00:00Z")
    expect_equal((returned["order"]["refunded"], returned["refund"]["amount"]), (150000, 150000), "Nina's order is refunded in full")
    taken_back = "referral bonus taken back: order web-2001 refunded in full"
    expect_equal([(e["points"], e["reference"], e["orderId"], e["at"], e["reason"]) for e in history(shop, rita, "reverse")],
                 [(-500, f"referral:{nina}", nina1["id"], "2026-04-20T10:00:00Z", taken_back)], "Rita's bonus for Nina is taken back")
    nina_reverses = history(shop, nina, "reverse")
    expect_equal(sorted((e["points"], e["reference"], e["reason"]) for e in nina_reverses),
                 sorted([(-300, f"referral:{nina}", taken_back), (-75, returned["refund"]["id"], f"refund {returned['refund']['id']}")]),
                 "Nina's bonus and the order's points are taken back")
    stats = shop.call("referrals.stats", customerId=rita)
    # Mila's four orders: 1234567 + 2000000 + 1800000 + 333333 = 5367900; Nina's refunded order adds nothing.
    expect_equal((stats["invited"], stats["converted"], stats["pointsEarned"], stats["refereeRevenue"]), (2, 1, 500, 5367900),
                 "the refunded referral is unconverted, and its bonus no longer counts")
    expect_balance(shop, rita, "2026-04-20T10:00:00Z", "Rita after the bonus is taken back", available=500, pending=0, balance=500,
                   debt=0, lifetimeEarned=1000)
    expect_balance(shop, nina, "2026-04-20T10:00:00Z", "Nina after the full refund", available=0, pending=0, balance=0, debt=0,
                   lifetimeEarned=375)
    nina_referral = shop.call("customers.export", id=nina)["modules"]["loyalty"]["referrals"]
    expect_equal([(r["referrerId"], r["refereeId"], r["convertedAt"], r["orderId"]) for r in nina_referral], [(rita, nina, None, None)],
                 "Nina's referral waits for another qualifying order")
    nina2 = shop.call("orders.record", customerId=nina, externalId="web-2002", amount=120000, at="2026-05-05T10:00:00Z")["order"]
    converted = watcher.wait_for_events("referral.converted", 3)
    expect_equal([(e["data"]["referral"]["refereeId"], e["data"]["referral"]["orderId"], e["data"]["referral"]["convertedAt"])
                  for e in converted[2:]], [(nina, nina2["id"], "2026-05-05T10:00:00Z")], "Nina's next order converts again")
    expect_equal([(e["points"], e["orderId"], e["availableAt"], e["expiresAt"]) for e in history(shop, rita, "bonus")[:1]],
                 [(500, nina2["id"], "2026-05-19T10:00:00Z", "2027-05-05T10:00:00Z")], "Rita's new bonus for Nina")
    stats = shop.call("referrals.stats", customerId=rita)
    expect_equal((stats["invited"], stats["converted"], stats["pointsEarned"], stats["refereeRevenue"]), (2, 2, 1000, 5487900),
                 "the referral converted again")
    expect_balance(shop, rita, "2026-05-19T10:00:00Z", "Rita's new bonus after its window", available=1000, pending=0, balance=1000,
                   lifetimeEarned=1500)
    # 60 earned + 300 referee bonus.
    expect_balance(shop, nina, "2026-05-19T10:00:00Z", "Nina after her second order's window", available=360, pending=0, balance=360,
                   lifetimeEarned=735)

    # 5. Birthday: a 500.00 coupon and 200 reward points, each once.
    offer = shop.call("offers.create", name="Birthday 500 off", kind="amount", value=50000, validDays=30)
    coupon = shop.call("coupons.issue", offerId=offer["id"], customerId=mila, at="2026-06-01T09:00:00Z")
    expect_equal((coupon["status"], coupon["issuedAt"], coupon["expiresAt"]), ("active", "2026-06-01T09:00:00Z", "2026-07-01T09:00:00Z"),
                 "coupon issued for 30 days")
    reward = shop.call("rewards.trigger", customerId=mila, event="birthday", reference="2026", at="2026-06-15T09:00:00Z")
    expect_equal((reward["granted"], reward["points"], reward["refusal"], reward["entry"]["kind"], reward["entry"]["points"]),
                 (True, 200, None, "bonus", 200), "birthday reward granted")
    again = shop.call("rewards.trigger", customerId=mila, event="birthday", reference="2026", at="2026-06-15T09:30:00Z")
    expect_equal((again["granted"], again["points"], again["entry"], again["refusal"]), (False, 0, None, "already_rewarded"),
                 "the same birthday is rewarded once")
    other = shop.call("rewards.trigger", customerId=mila, event="birthday", reference="2026-bis", at="2026-06-16T09:00:00Z")
    expect_equal((other["granted"], other["refusal"]), (False, "limit_reached"), "one birthday reward per 365 days")
    # 4,000.00 at x1.5 earns 300.
    order5 = shop.call("orders.record", customerId=mila, externalId="web-1005", amount=400000, at="2026-06-15T10:00:00Z")["order"]
    expect_equal(history(shop, mila, "earn")[0]["points"], 300, "points of the birthday order")
    data = expect_refusal(shop, "not_allowed", "coupons.redeem", code=coupon["code"], customerId=mila, orderId=order5["id"],
                          at="2026-06-01T08:59:59Z")
    expect_equal(data.get("field"), "at", "a coupon is not valid before it is issued")
    used = shop.call("coupons.redeem", code=coupon["code"].lower().replace("-", ""), customerId=mila, orderId=order5["id"],
                     at="2026-06-15T10:05:00Z")
    expect_equal((used["discount"], used["points"], used["coupon"]["status"], used["coupon"]["orderId"], used["coupon"]["redeemedAt"]),
                 (50000, None, "redeemed", order5["id"], "2026-06-15T10:05:00Z"), "coupon redeemed on the order")
    data = expect_refusal(shop, "already_redeemed", "coupons.redeem", code=coupon["code"], customerId=mila, orderId=order5["id"],
                          at="2026-06-15T10:06:00Z")
    expect_equal(data.get("redeemedAt"), "2026-06-15T10:05:00Z", "already_redeemed names when")
    redeemed_events = watcher.wait_for_events("coupon.redeemed", 1)
    expect_equal([e["data"]["redemption"]["discount"] for e in redeemed_events], [50000], "one coupon.redeemed event")

    # 6. Points pay half of a 1,000.00 basket: quote it, record what is paid in money, then redeem on that order.
    # Available: 617 + 300 + 1000 + 900 + 249 + 200 + 300 = 3566; at most 50% of 100000 = 500 points (500.00).
    quote = shop.call("loyalty.quote", customerId=mila, orderAmount=100000, at="2026-07-01T09:55:00Z")
    # The payable 500.00 earns floor(50000 * 50 * 1.5 / 100000) = floor(37.5) = 37 at Gold.
    expect_equal({k: quote[k] for k in ("available", "maxPoints", "discount", "payable", "earnPoints", "limitedBy")},
                 {"available": 3566, "maxPoints": 500, "discount": 50000, "payable": 50000, "earnPoints": 37, "limitedBy": "maxRedeemShare"},
                 "quote limited to 50% of the basket")
    order6 = shop.call("orders.record", customerId=mila, externalId="web-1006", amount=quote["payable"], at="2026-07-01T10:00:00Z")["order"]
    earn6 = history(shop, mila, "earn")[0]
    expect_equal((earn6["orderId"], earn6["points"], earn6["availableAt"]), (order6["id"], quote["earnPoints"], "2026-07-15T10:00:00Z"),
                 "the recorded order earns what the quote said")
    expect_equal(earn6["points"], 37, "points of the order paid partly with points")
    big = shop.call("loyalty.quote", customerId=mila, orderAmount=1000000, at="2026-07-01T10:05:00Z")
    # 10,000.00 allows 5000 points but only 3566 are available: payable 643400 earns floor(643400 * 75 / 100000) = 482.
    expect_equal({k: big[k] for k in ("available", "maxPoints", "discount", "payable", "earnPoints", "limitedBy")},
                 {"available": 3566, "maxPoints": 3566, "discount": 356600, "payable": 643400, "earnPoints": 482, "limitedBy": "balance"},
                 "quote limited by the balance")
    # On the recorded order (50000 paid): points worth at most the money paid, 50000 / 100 = 500 points.
    data = expect_refusal(shop, "not_allowed", "loyalty.redeem", customerId=mila, points=501, orderId=order6["id"], at="2026-07-01T10:10:00Z")
    expect_equal(data.get("maxPoints"), 500, "maxRedeemShare refusal names the most points")
    spent = shop.call("loyalty.redeem", customerId=mila, points=quote["maxPoints"], orderId=order6["id"], at="2026-07-01T10:10:00Z")
    expect_equal((spent["discount"], spent["available"], spent["entry"]["points"], spent["entry"]["kind"], spent["entry"]["orderId"]),
                 (50000, 3066, -500, "redeem", order6["id"]), "500 points redeemed on the order")
    data = expect_refusal(shop, "not_allowed", "loyalty.redeem", customerId=mila, points=1, orderId=order6["id"], at="2026-07-01T10:11:00Z")
    expect_equal(data.get("maxPoints"), 0, "the order's share is used up")
    data = expect_refusal(shop, "insufficient_points", "loyalty.redeem", customerId=mila, points=3067, at="2026-07-01T10:15:00Z")
    expect_equal(data.get("available"), 3066, "insufficient_points names what is available")
    expect_balance(shop, mila, "2026-07-01T10:15:00Z", "after the redemption", available=3066, pending=37, balance=3103,
                   lifetimeRedeemed=500)

    # 7. The order is refunded: 166.66 first (a third, rounded down), then the rest (333.34).
    first_refund = shop.call("orders.refund", orderId=order6["id"], amount=16666, reason="one item returned", at="2026-07-05T10:00:00Z")
    refund_id = first_refund["refund"]["id"]
    reverses = [e for e in history(shop, mila, "reverse") if e["reference"] == refund_id]
    # floor(37 * 16666 / 50000) = floor(12.33) = 12 reversed; floor(500 * 16666 / 50000) = floor(166.66) = 166 given back.
    expect_equal(sorted(e["points"] for e in reverses), [-12, 166], "first refund reverses and gives back pro rata")
    given = [e for e in reverses if e["points"] > 0][0]
    expect_equal((given["availableAt"], given["expiresAt"]), ("2026-07-05T10:00:00Z", "2027-07-05T10:00:00Z"), "given-back points")
    # Available 3066 + 166 = 3232; pending 37 - 12 = 25; balance 3103 - 12 + 166 = 3257.
    expect_balance(shop, mila, "2026-07-05T10:00:00Z", "after the first refund", available=3232, pending=25, balance=3257, debt=0)
    # 33334 paid net allows 33334 / 100 = 333 points in all; 500 - 166 = 334 are spent net, so none more.
    data = expect_refusal(shop, "not_allowed", "loyalty.redeem", customerId=mila, points=1, orderId=order6["id"], at="2026-07-05T10:01:00Z")
    expect_equal(data.get("maxPoints"), 0, "a partly refunded order allows no more than the money left")
    rest = shop.call("orders.refund", orderId=order6["id"], reason="the rest returned", at="2026-07-20T10:00:00Z")
    expect_equal((rest["order"]["refunded"], rest["refund"]["amount"]), (50000, 33334), "the order is refunded in full")
    on_order = [e for e in history(shop, mila, "reverse") if e["orderId"] == order6["id"]]
    expect_equal(sorted(e["points"] for e in on_order), [-25, -12, 166, 334], "second refund takes the rest")
    expect_equal((sum(e["points"] for e in on_order if e["points"] < 0), sum(e["points"] for e in on_order if e["points"] > 0)),
                 (-37, 500), "a full refund reverses exactly what was earned and gives back exactly what was spent")
    data = expect_refusal(shop, "not_allowed", "loyalty.redeem", customerId=mila, points=1, orderId=order6["id"], at="2026-07-20T10:01:00Z")
    expect_equal(data.get("maxPoints"), 0, "a fully refunded order allows no points")
    # lifetimeEarned: 617 + 300 + 1000 + 900 + 249 + 200 + 300 + 37 = 3603.
    expect_balance(shop, mila, "2026-07-20T10:00:00Z", "after the full refund", available=3566, pending=0, balance=3566, debt=0,
                   lifetimeEarned=3603, lifetimeRedeemed=500, lifetimeExpired=0)
    status = shop.call("tiers.status", customerId=mila, at="2026-07-20T12:00:00Z")
    expect_equal((status["tier"], status["qualifying"], status["nextEvaluationAt"]), ("Gold", 5767900, "2027-02-09T10:00:00Z"),
                 "refunds lower the qualifying spend")
    stats = shop.call("referrals.stats", customerId=rita)
    # Mila 5767900 (order 6 refunded in full) + Nina 120000 (her first order refunded in full).
    expect_equal((stats["refereeRevenue"], stats["converted"], stats["pointsEarned"]), (5887900, 2, 1000),
                 "referee revenue is net of refunds")
    evaluation = shop.call("tiers.evaluate", at="2026-12-31T00:00:00Z")
    expect_equal({k: evaluation[k] for k in ("evaluated", "upgraded", "downgraded", "inGrace", "at")},
                 {"evaluated": 3, "upgraded": 0, "downgraded": 0, "inGrace": 0, "at": "2026-12-31T00:00:00Z"},
                 "end-of-year evaluation changes nothing")

    # 8 and 9. January 2027: the first order leaves the window (4,533,333 left) and the first lots lapse.
    before = balance(shop, mila, "2027-01-11T00:00:00Z", expiringWithinDays=60)
    expect_equal({k: before[k] for k in ("available", "pending", "balance", "lifetimeExpired", "expiringSoon")},
                 {"available": 3149, "pending": 0, "balance": 3566, "lifetimeExpired": 0,
                  "expiringSoon": [{"points": 1000, "at": "2027-02-10T10:00:00Z"}, {"points": 900, "at": "2027-03-10T10:00:00Z"}]},
                 "lapsed points are no longer available before the expiry run records them")
    for run in (1, 2):
        evaluation = shop.call("tiers.evaluate", at="2027-01-11T00:00:00Z")
        expect_equal((evaluation["evaluated"], evaluation["upgraded"], evaluation["downgraded"], evaluation["inGrace"]), (3, 0, 0, 1),
                     f"evaluation {run} at 2027-01-11 starts the grace period")
    status = shop.call("tiers.status", customerId=mila, at="2027-01-11T00:00:00Z")
    expect_equal({k: status[k] for k in ("tier", "qualifying", "belowSince", "nextEvaluationAt")},
                 {"tier": "Gold", "qualifying": 4533333, "belowSince": "2027-01-11T00:00:00Z", "nextEvaluationAt": "2027-02-10T00:00:00Z"},
                 "Gold kept during the grace period")
    # Mila's first earn lot (617) and her referral bonus (300) were both available from 24 January 2026 10:00 and expire
    # on 10 January 2027 10:00; the redemption of 500 took from them first. With the same expiry and availability, the
    # ledger spends them in entry-id order (ids are random within the same millisecond), so either lot may have gone
    # first: 417 of the two are left either way, in one lot or in two. Rita's bonus for Mila (500) lapses too; her bonus
    # for Nina (expiring 5 May 2027) does not.
    first_lots = sorted([(earn["id"], 617), (mila_bonus[0]["id"], 300)])
    taken = min(500, first_lots[0][1])
    left = {first_lots[0][0]: first_lots[0][1] - taken, first_lots[1][0]: first_lots[1][1] - (500 - taken)}
    expect_equal(sum(left.values()), 417, "what is left of the first two lots")
    lapsing = {lot: points for lot, points in left.items() if points > 0}
    expired = shop.call("loyalty.expire", at="2027-01-11T00:00:00Z")
    expect_equal((expired["points"], expired["lots"], expired["customers"]), (917, len(lapsing) + 1, 2), "first expiry run")
    expired = shop.call("loyalty.expire", at="2027-01-11T00:00:00Z")
    expect_equal((expired["points"], expired["lots"], expired["customers"]), (0, 0, 0), "expiry is idempotent")
    expect_balance(shop, mila, "2027-01-11T00:00:00Z", "after expiry", available=3149, balance=3149, lifetimeExpired=417)
    expect_balance(shop, rita, "2027-01-11T00:00:00Z", "referrer after expiry", available=500, pending=0, balance=500,
                   lifetimeEarned=1500, lifetimeExpired=500)
    expire_entries = history(shop, mila, "expire")
    expect_equal(sorted((e["points"], e["at"], e["reference"]) for e in expire_entries),
                 sorted((-points, "2027-01-10T10:00:00Z", lot) for lot, points in lapsing.items()),
                 "one expire entry for each lapsed lot, dated at its expiry")

    evaluation = shop.call("tiers.evaluate", at="2027-02-09T23:59:59Z")
    expect_equal((evaluation["downgraded"], evaluation["inGrace"]), (0, 1), "still in grace one second before it ends")
    evaluation = shop.call("tiers.evaluate", at="2027-02-10T00:00:00Z")
    expect_equal((evaluation["evaluated"], evaluation["upgraded"], evaluation["downgraded"], evaluation["inGrace"]), (3, 0, 1, 0),
                 "downgraded when the grace period ends")
    status = shop.call("tiers.status", customerId=mila, at="2027-02-10T00:00:00Z")
    expect_equal({k: status[k] for k in ("tier", "multiplier", "since", "qualifying", "next", "belowSince", "nextEvaluationAt")},
                 {"tier": "Silver", "multiplier": 1, "since": "2027-02-10T00:00:00Z", "qualifying": 4533333,
                  "next": {"tier": "Gold", "threshold": 5000000, "remaining": 466667}, "belowSince": None, "nextEvaluationAt": None},
                 "Silver after the grace period")
    changes = shop.call("tiers.history", customerId=mila)["items"]
    expect_equal([(c["from"], c["to"], c["qualifying"], c["at"], c["reason"]) for c in changes], [
        ("Gold", "Silver", 4533333, "2027-02-10T00:00:00Z", "fell below Gold: 4533333 in 365d, after 30 days of grace"),
        (None, "Gold", 5034567, "2026-03-10T10:00:00Z", "qualified: 5034567 in 365d"),
    ], "tier history, newest first")
    tier_events = watcher.wait_for_events("tier.changed", 2)
    expect_equal([(e["data"]["change"]["from"], e["data"]["change"]["to"]) for e in tier_events], [(None, "Gold"), ("Gold", "Silver")],
                 "tier.changed events")

    # The second order's lot (1000, expiring 10 February 10:00) lapses next.
    expired = shop.call("loyalty.expire", at="2027-02-11T00:00:00Z")
    expect_equal((expired["points"], expired["lots"], expired["customers"]), (1000, 1, 1), "second expiry run")
    expect_balance(shop, mila, "2027-02-11T00:00:00Z", "after the second expiry", available=2149, balance=2149, lifetimeExpired=1417)
    expired_events = watcher.wait_for_events("points.expired", 3)
    expect_equal(sorted((e["data"]["customerId"] == mila, e["data"]["points"]) for e in expired_events),
                 [(False, 500), (True, 417), (True, 1000)], "points.expired events")
    # Back in Silver, 1,000.00 earns x1: 50 points.
    shop.call("orders.record", customerId=mila, externalId="web-1007", amount=100000, at="2027-02-15T10:00:00Z")
    latest = history(shop, mila, "earn")[0]
    expect_equal((latest["points"], latest["reason"]), (50, "order web-1007"), "Silver earns x1 again")
    expect_balance(shop, mila, "2027-02-15T10:00:00Z", "after the Silver order", available=2149, pending=50, balance=2199,
                   lifetimeEarned=3653, lifetimeRedeemed=500, lifetimeExpired=1417)

    # 10. Everything adds up, and the customer's records show it.
    check = shop.call("loyalty.check")
    expect_equal((check["accounts"], check["mismatches"]), (3, []), "loyalty.check")
    ledger = history(shop, mila)
    expect_equal(sum(e["points"] for e in ledger), 2199, "the ledger sums to the balance")
    timeline = shop.call("customers.timeline", id=mila, limit=1000)
    kinds = {}
    for item in timeline["items"]:
        kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
    expect_equal(kinds, {"order": 7, "refund": 2, "points": len(ledger), "tier": 2, "coupon": 2}, "timeline kinds")
    expect_equal(sorted(kinds_of(ledger).items()),
                 sorted({"earn": 7, "bonus": 2, "redeem": 1, "reverse": 4, "expire": len(lapsing) + 1}.items()), "ledger entries by kind")
    expect_equal(len(ledger), 15 + len(lapsing), "ledger entries")
    stamps = [item["at"] for item in timeline["items"]]
    expect(stamps == sorted(stamps, reverse=True), "the timeline is newest first")
    export = shop.call("customers.export", id=mila)
    loyalty = export["modules"].get("loyalty")
    expect(loyalty is not None, f"export has a loyalty section: {list(export['modules'])}")
    expect_equal(loyalty["tier"], "Silver", "export tier")
    expect_equal({k: loyalty["balance"][k] for k in ("balance", "lifetimeEarned", "lifetimeRedeemed", "lifetimeExpired")},
                 {"balance": 2199, "lifetimeEarned": 3653, "lifetimeRedeemed": 500, "lifetimeExpired": 1417}, "export balance")
    expect_equal(len(loyalty["ledger"]), 15 + len(lapsing), "export ledger")
    expect_equal([(c["from"], c["to"]) for c in loyalty["tierChanges"]], [(None, "Gold"), ("Gold", "Silver")], "export tier changes")
    expect_equal([(c["code"], c["status"], c["orderId"]) for c in loyalty["coupons"]], [(coupon["code"], "redeemed", order5["id"])],
                 "export coupons")
    expect_equal([(r["referrerId"], r["refereeId"], r["orderId"]) for r in loyalty["referrals"]], [(rita, mila, order1["id"])],
                 "export referrals")
    expect_equal([(r["action"], r["reference"]) for r in loyalty["rewards"]], [("birthday", "2026")], "export rewards")
    expect_equal(len(export["orders"]), 7, "export orders")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
