"""A spreadsheet script's view of the metrics: a year of history imported through orders.record
with `at` over the real socket (zero amounts, same-day orders, orders near local midnight in a
store in New York, partial refunds, a merge and an erasure), then the metrics read back and
recomputed here from the definitions in protocol.md, the way a user would check them.

Usage: python3 metrics_history_check.py SOCKET_PATH (a fresh store). Prints `ok`."""
import random
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from rapport_client import Rapport, expect, expect_equal

ZONE = ZoneInfo("America/New_York")
shop = Rapport(sys.argv[1])
shop.call("metrics.configure", timeZone="America/New_York")
shop.call("metrics.rebuild")

random.seed(11)
customers = [shop.call("customers.create", name=f"Buyer {i}", externalId=f"hist-{i}")["id"] for i in range(40)]
orders = []  # [customer, local datetime, net amount]
start = datetime(2025, 1, 1, tzinfo=ZONE)
for index, customer in enumerate(customers):
    day = random.randrange(0, 200)
    for visit in range(random.choice([1, 1, 2, 3, 5, 8])):
        # Late in the evening or just after midnight, local time: the UTC date differs.
        local = start + timedelta(days=day, hours=random.choice([0, 0, 1, 12, 23, 23]), minutes=random.randrange(60))
        amount = random.choice([0, 1500, 4200, 9999, 25000])
        reply = shop.call("orders.record", customerId=customer, externalId=f"h-{index}-{visit}", amount=amount,
                          at=local.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"))
        orders.append([customer, local, amount, reply["order"]["id"]])
        if random.random() < 0.3:  # another order the same local day
            same = local.replace(minute=59)
            shop.call("orders.record", customerId=customer, externalId=f"h-{index}-{visit}-b", amount=700,
                      at=same.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"))
            orders.append([customer, same, 700, None])
        day += random.randrange(1, 70)
for order in orders:
    if order[3] and order[2] >= 4200 and random.random() < 0.25:
        shop.call("orders.refund", orderId=order[3], amount=order[2] // 3)
        order[2] -= order[2] // 3

# A duplicate merged into its original: its orders are the original's. An erased customer's count.
shop.call("customers.merge", into=customers[0], **{"from": customers[1]})
for order in orders:
    if order[0] == customers[1]:
        order[0] = customers[0]
shop.call("customers.erase", id=customers[2])

by_customer = defaultdict(list)
for customer, local, amount, _ in orders:
    by_customer[customer].append((local.date(), amount))


def month(date):
    return f"{date.year}-{date.month:02d}"


def quarter(date):
    return f"{date.year}Q{(date.month - 1) // 3 + 1}"


# Repeat rate, all history.
rate = shop.call("metrics.repeatRate")
repeaters = sum(1 for days in by_customer.values() if len(days) >= 2)
expect_equal((rate["repeaters"], rate["customers"]), (repeaters, len(by_customer)), "repeat rate counts")
expect_equal(rate["rate"], repeaters / len(by_customer), "repeat rate")
by_day = shop.call("metrics.repeatRate", byDay=True)
expect_equal(by_day["repeaters"], sum(1 for days in by_customer.values() if len({d for d, _ in days}) >= 2), "repeaters by day")

# Average check by month: revenue (amounts − refunds) ÷ orders, zero amounts included.
check = shop.call("metrics.averageCheck", period="month")
expect_equal((check["orders"], check["revenue"]), (len(orders), sum(o[2] for o in orders)), "average check totals")
months = defaultdict(lambda: [0, 0])
for _, local, amount, _ in orders:
    months[month(local.date())][0] += amount
    months[month(local.date())][1] += 1
for period in check["periods"]:
    revenue, count = months.get(period["period"], [0, 0])
    expect_equal((period["revenue"], period["orders"]), (revenue, count), f"average check of {period['period']}")
    if count:
        expect(abs(period["averageCheck"] - revenue / count) < 1e-9, f"{period['period']}: {period['averageCheck']} ≠ {revenue / count}")

# Retention by quarter: S, E, N and the CRR from the definitions.
active = defaultdict(set)
first = {}
for customer, days in by_customer.items():
    for date, _ in days:
        active[quarter(date)].add(customer)
    first[customer] = quarter(min(d for d, _ in days))
for row in shop.call("metrics.retention", period="quarter")["periods"]:
    s, e = active.get(row["previousPeriod"], set()), active.get(row["period"], set())
    n = {c for c in e if first[c] == row["period"]}
    expect_equal((row["startCustomers"], row["endCustomers"], row["newCustomers"]), (len(s), len(e), len(n)), f"retention {row['period']}")
    if s:
        expect(abs(row["crr"] - (len(e) - len(n)) / len(s) * 100) < 1e-9, f"CRR of {row['period']}")
        expect(abs(row["strictRetention"] - len(s & e) / len(s) * 100) < 1e-9, f"strict retention of {row['period']}")

# Cohorts by month: each cohort's size and its first column.
cohorts = {c["cohort"]: c for c in shop.call("metrics.cohorts", period="month", to="2026-01-01T05:00:00Z")["cohorts"]}
sizes = defaultdict(int)
for customer, days in by_customer.items():
    sizes[month(min(d for d, _ in days))] += 1
expect_equal({k: v["size"] for k, v in cohorts.items()}, dict(sizes), "cohort sizes")
for name, cohort in cohorts.items():
    expect_equal(cohort["active"][0], cohort["size"], f"cohort {name} is wholly active in its own month")

# Churn at the end of the year: last order more than 90 days before.
at = datetime(2026, 1, 1, tzinfo=ZONE)
churn = shop.call("metrics.churn", inactiveDays=90, at=at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"))
churned = sum(1 for days in by_customer.values() if (at.date() - max(d for d, _ in days)).days > 90)
expect_equal((churn["churned"], churn["customers"]), (churned, len(by_customer)), "churn")

print(f"ok: {len(orders)} orders of {len(by_customer)} customers recomputed from the definitions")
