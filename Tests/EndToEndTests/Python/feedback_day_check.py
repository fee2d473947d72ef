#!/usr/bin/env python3
"""A day of feedback for a coffee shop, driven over the Unix socket with the standard library only.

A survey after an order gets three answers (one invalid, refused with the field named); a negative
public Google review comes in at 10:00 and waits in the inbox, due at 13:00: not overdue at 12:00,
overdue at 13:30; the chat bot's auto-reply does not meet the deadline, the manager's reply does
not either (it is late) but moves the review to "responded"; the review is resolved with 200
points, which a dry run shows first (balance and ledger) without keeping; the customer's erasure
removes the review's text and keeps its rating. Every `at` is explicit.
Exits non-zero with a message on the first surprise.
Usage: feedback_day_check.py SOCKET_PATH
"""
import sys

from rapport_client import Rapport, expect, expect_equal, expect_refusal


def main(path):
    shop = Rapport(path)
    watcher = Rapport(path)
    watcher.call("events.subscribe", topics=["review.negative", "review.resolved", "survey.completed"])

    anna = shop.call("customers.create", name="Anna Petrova", email="anna@example.com", at="2026-03-01T09:00:00Z")["id"]
    shop.call("orders.record", customerId=anna, externalId="A-1", amount=45000, at="2026-03-06T08:30:00Z")

    # 1. A survey and three answers, one of them invalid.
    survey = shop.call("surveys.create", name="After your order", purpose="after_order", questions=[
        {"id": "recommend", "kind": "nps", "text": "How likely are you to recommend us to a friend?", "required": True},
        {"id": "taste", "kind": "rating", "text": "How was the coffee?"},
        {"id": "better", "kind": "text", "text": "What could we do better?"},
    ])
    shop.call("surveys.respond", surveyId=survey["id"], customerId=anna, answers={"recommend": 9, "taste": 5},
              at="2026-03-06T09:00:00Z")
    shop.call("surveys.respond", surveyId=survey["id"], answers={"recommend": 6, "better": "More seats"}, comment="ok",
              at="2026-03-06T09:05:00Z")
    refused = expect_refusal(shop, "invalid_params", "surveys.respond", surveyId=survey["id"],
                             answers={"recommend": 9, "taste": 7}, at="2026-03-06T09:10:00Z")
    expect_equal(refused.get("field"), "answers.taste", "the invalid answer is named")
    results = shop.call("surveys.results", surveyId=survey["id"])
    expect_equal(results["responses"], 2, "responses counted")
    recommend = results["questions"][0]
    expect_equal((recommend["nps"]["promoters"], recommend["nps"]["detractors"], recommend["nps"]["score"]), (1, 1, 0.0), "survey NPS")
    expect_equal(recommend["nps"]["tooFewResponses"], True, "two answers are too few")
    expect_equal(results["questions"][1]["mean"], 5, "mean rating")
    expect_equal([t["text"] for t in results["questions"][2]["texts"]["items"]], ["More seats"], "text answers")
    expect_equal(len(watcher.wait_for_events("survey.completed", 2)), 2, "survey.completed events")

    # 2. A negative public Google review at 10:00: due 13:00.
    recorded = shop.call("reviews.record", source="google", externalId="gmb-77", rating=2, text="Cold coffee and a rude barista",
                         author="Anna P.", customerId=anna, topics=["staff", "quality"], at="2026-03-06T10:00:00Z")
    review = recorded["review"]
    expect_equal(recorded["outcome"], "created", "first import")
    expect_equal((review["negative"], review["public"], review["deadline"]), (True, True, "2026-03-06T13:00:00Z"), "deadline")
    again = shop.call("reviews.record", source="google", externalId="gmb-77", rating=2, text="Cold coffee and a rude barista",
                      author="Anna P.", customerId=anna, topics=["staff", "quality"], at="2026-03-06T10:00:00Z")
    expect_equal(again["outcome"], "unchanged", "a re-import changes nothing")
    expect_equal(len(watcher.wait_for_events("review.negative", 1)), 1, "review.negative event")

    noon = shop.call("feedback.inbox", at="2026-03-06T12:00:00Z")["items"]
    expect_equal([item["id"] for item in noon][:1], [review["id"]], "the review leads the inbox")
    item = noon[0]
    expect_equal((item["deadline"], item["overdue"], item["secondsLeft"]), ("2026-03-06T13:00:00Z", False, 3600), "at noon")
    expect_equal(item["customer"]["name"], "Anna Petrova", "customer context")
    expect_equal(item["customer"]["totalSpent"], 45000, "customer context: total spent")
    expect_equal([o["externalId"] for o in item["customer"]["lastOrders"]], ["A-1"], "customer context: last orders")
    expect_equal(shop.call("feedback.overdue", at="2026-03-06T12:00:00Z")["items"], [], "nothing overdue at noon")

    bot = shop.call("reviews.respond", id=review["id"], text="Thank you, we will look into it", by="shop-bot", byKind="bot",
                    at="2026-03-06T10:01:00Z")
    expect_equal((bot["metDeadline"], bot["item"]["status"]), (None, "open"), "a bot reply does not meet the deadline")
    late = shop.call("feedback.inbox", at="2026-03-06T13:30:00Z")["items"][0]
    expect_equal((late["id"], late["overdue"], late["secondsLeft"]), (review["id"], True, -1800), "overdue at 13:30")
    overdue = shop.call("feedback.overdue", at="2026-03-06T13:30:00Z")["items"]
    expect_equal([entry["id"] for entry in overdue], [review["id"]], "feedback.overdue")

    staff = shop.call("reviews.respond", id=review["id"], text="We are sorry, Anna. The barista has been spoken to.", by="Olga",
                      byKind="staff", at="2026-03-06T13:40:00Z")
    expect_equal((staff["metDeadline"], staff["item"]["status"], staff["item"]["respondedAt"], staff["item"]["firstResponseAt"]),
                 (False, "responded", "2026-03-06T13:40:00Z", "2026-03-06T10:01:00Z"), "the staff reply")

    # 3. Resolution with 200 points: a dry run first shows both, then it happens.
    before = shop.call("loyalty.balance", customerId=anna, at="2026-03-06T14:00:00Z")
    ledger_before = shop.call("loyalty.history", customerId=anna, limit=1000)["items"]
    dry = shop.call("reviews.resolve", id=review["id"], resolution="Apologised; bonus points", compensation={"points": 200},
                    at="2026-03-06T14:00:00Z", dryRun=True)
    expect_equal(dry["result"]["compensation"]["points"], 200, "dry run: points")
    expect_equal(dry["result"]["compensation"]["balance"]["available"], before["available"] + 200, "dry run: balance after")
    expect_equal(dry["result"]["compensation"]["entry"]["points"], 200, "dry run: ledger entry")
    expect(any(event["topic"] == "review.resolved" for event in dry["events"]), "dry run: the event it would raise")
    expect_equal(shop.call("loyalty.balance", customerId=anna, at="2026-03-06T14:00:00Z")["available"], before["available"],
                 "a dry run keeps nothing")
    resolved = shop.call("reviews.resolve", id=review["id"], resolution="Apologised; bonus points", compensation={"points": 200},
                         at="2026-03-06T14:00:00Z")
    expect_equal(resolved["item"]["status"], "resolved", "resolved")
    after = shop.call("loyalty.balance", customerId=anna, at="2026-03-06T14:00:00Z")
    expect_equal(after["available"], before["available"] + 200, "balance after the compensation")
    ledger = shop.call("loyalty.history", customerId=anna, limit=1000)["items"]
    expect_equal(len(ledger), len(ledger_before) + 1, "one ledger entry")
    expect_equal((ledger[0]["points"], ledger[0]["reference"]), (200, review["id"]), "the ledger entry names the review")
    expect_equal(shop.call("loyalty.check")["mismatches"], [], "ledger consistent")
    expect(all(entry["id"] != review["id"] for entry in shop.call("feedback.inbox", at="2026-03-06T14:00:00Z")["items"]),
           "a resolved review leaves the inbox")

    # 4. Erasure removes what she wrote and keeps the rating.
    shop.call("customers.erase", id=anna)
    erased = shop.call("reviews.get", id=review["id"])
    expect_equal((erased["review"]["text"], erased["review"]["author"], erased["review"]["rating"]), (None, None, 2),
                 "erased review")
    expect_equal([reply["text"] for reply in erased["replies"]], [None, None], "erased replies")
    stats = shop.call("feedback.stats")
    expect_equal((stats["reviews"], stats["negativeReviews"]), (1, 1), "stats keep the erased review's rating")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
