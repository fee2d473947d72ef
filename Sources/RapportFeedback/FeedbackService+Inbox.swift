public import GRDB
public import RapportCore
import RapportCustomers
import RapportLoyalty
import RapportStorage

extension FeedbackService {
    /// The inbox: unresolved items that need a person, those awaiting a staff response first,
    /// oldest deadline first; `overdueOnly` keeps those past their deadline with nobody's answer.
    func inbox(_ params: FeedbackInbox.Params, overdueOnly: Bool, at now: Timestamp, in db: Database) throws -> Page<InboxItem> {
        let limit = try Pagination.limit(params.limit, standard: 20, maximum: 100)
        let at = params.at ?? now
        var filter = SQLFilter("f.needs_attention = 1", "f.resolved_at IS NULL")
        if overdueOnly { filter.add("f.answered = 0 AND f.deadline < ?", at.millisecondsSince1970) }
        if let cursor = params.cursor {
            let position = try Self.inboxPosition(cursor)
            filter.add("(f.answered, f.deadline, f.item_id) > (?, ?, ?)", position.answered, position.deadline, position.itemId)
        }
        var arguments = filter.arguments
        _ = arguments.append(contentsOf: [limit + 1])
        let followUps = try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT \(FollowUpRow.columns) FROM feedback_followup f WHERE \(filter.condition) ORDER BY f.answered, f.deadline, f.item_id LIMIT ?"
            ), arguments: arguments
        ).map(FollowUpRow.followUp)
        var contexts: [String: CustomerContext] = [:]
        var items: [InboxItem] = []
        for followUp in followUps.prefix(limit) {
            var item = try inboxItem(followUp, at: at, in: db)
            if let customerId = followUp.customerId {
                if contexts[customerId] == nil { contexts[customerId] = try customerContext(customerId, at: at, in: db) }
                item.customer = contexts[customerId]
                item.customer?.earlierFeedback = try earlierFeedback(of: customerId, before: followUp, in: db)
            }
            items.append(item)
        }
        let next = followUps.count > limit ? items.last.map { Self.inboxCursor($0) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// One item as the inbox shows it, without the customer's context.
    func inboxItem(_ followUp: FollowUp, at now: Timestamp, in db: Database) throws -> InboxItem {
        var item = InboxItem(
            id: followUp.itemId, kind: followUp.kind, status: followUp.status, openedAt: followUp.openedAt, deadline: followUp.deadline,
            overdue: followUp.isOverdue(at: now),
            secondsLeft: followUp.handledAt == nil ? followUp.deadline.map { ($0.millisecondsSince1970 - now.millisecondsSince1970) / 1000 } : nil,
            public: followUp.isPublic, assignedTo: followUp.assignedTo, firstResponseAt: followUp.firstResponseAt,
            respondedAt: followUp.staffResponseAt, rating: nil, score: nil, source: nil, category: nil, text: nil, url: nil, author: nil,
            customer: nil)
        switch followUp.kind {
        case .review:
            let review = try review(followUp.itemId, at: now, in: db)
            item.rating = review.rating
            item.source = review.source
            item.text = review.text
            item.url = review.url
            item.author = review.author
        case .nps:
            let answer = try NPSRow.find(followUp.itemId, in: db)
            item.score = answer?.score
            item.text = answer?.comment
        case .complaint:
            let complaint = try complaint(followUp.itemId, at: now, in: db)
            item.category = complaint.category
            item.text = complaint.text
        }
        return item
    }

    /// Who the customer is, for whoever answers: read through the customers and loyalty services
    /// and the customers' order view.
    func customerContext(_ customerId: String, at now: Timestamp, in db: Database) throws -> CustomerContext? {
        guard let customer = try customers.customer(customerId, in: db) else { return nil }
        let orders = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT id, external_id, amount, refunded, at FROM \(CustomersViews.orders) WHERE customer_id = ? ORDER BY at DESC LIMIT 3"),
            arguments: [customerId]
        ).map { row in
            CustomerContext.OrderSummary(
                id: try row.decode(forColumn: "id"), externalId: try row.decode(forColumn: "external_id"),
                amount: Money(minorUnits: try row.decode(forColumn: "amount")), refunded: Money(minorUnits: try row.decode(forColumn: "refunded")),
                at: try row.timestamp(forColumn: "at"))
        }
        return CustomerContext(
            id: customer.id, name: customer.name, tier: try loyalty.tierName(of: customerId, in: db),
            points: try loyalty.balance(of: customerId, at: now, in: db).available, totalSpent: customer.stats.totalSpent,
            orderCount: customer.stats.orderCount, lastOrders: orders, earlierFeedback: [])
    }

    /// The customer's feedback before an item, newest first, at most five.
    func earlierFeedback(of customerId: String, before followUp: FollowUp, in db: Database) throws -> [CustomerContext.FeedbackSummary] {
        let at = followUp.openedAt.millisecondsSince1970
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM (
                        SELECT id, 'review' AS kind, rating AS value, at FROM feedback_review WHERE customer_id = ?1 AND at <= ?2
                        UNION ALL SELECT id, 'nps', score, at FROM feedback_nps WHERE customer_id = ?1 AND at <= ?2 AND response_id IS NULL
                        UNION ALL SELECT id, 'complaint', NULL, at FROM feedback_complaint WHERE customer_id = ?1 AND at <= ?2
                        UNION ALL SELECT id, 'survey', NULL, at FROM feedback_survey_response WHERE customer_id = ?1 AND at <= ?2
                    ) WHERE id <> ?3 ORDER BY at DESC, id DESC LIMIT 5
                    """), arguments: [customerId, at, followUp.itemId]
        ).map { row in
            CustomerContext.FeedbackSummary(
                id: try row.decode(forColumn: "id"), kind: try row.decode(forColumn: "kind"), value: try row.decode(forColumn: "value"),
                at: try row.timestamp(forColumn: "at"))
        }
    }

    private static func inboxCursor(_ item: InboxItem) -> String {
        "i:\(item.respondedAt == nil ? 0 : 1):\(item.deadline?.millisecondsSince1970 ?? 0):\(item.id)"
    }

    private static func inboxPosition(_ cursor: String) throws -> (answered: Int64, deadline: Int64, itemId: String) {
        let parts = cursor.split(separator: ":", maxSplits: 3)
        guard parts.count == 4, parts[0] == "i", let answered = Int64(parts[1]), let deadline = Int64(parts[2]) else {
            throw RapportError.invalid("cursor", "not a cursor this list gave out")
        }
        return (answered, deadline, String(parts[3]))
    }

    // MARK: - Statistics

    func stats(_ params: FeedbackStats.Params, at now: Timestamp, in db: Database) throws -> FeedbackStats.Result {
        let at = params.at ?? now
        let window: StatementArguments = [
            (params.from ?? .distantPast).millisecondsSince1970, (params.to ?? .distantFuture).millisecondsSince1970,
        ]
        let bySource = try Row.fetchAll(
            db,
            sql: """
                SELECT source, count(*) AS n, sum(negative) AS negative, avg(rating) AS mean FROM feedback_review
                WHERE at >= ? AND at < ? GROUP BY source ORDER BY source
                """, arguments: window
        ).map { row in
            FeedbackStats.Result.SourceCount(
                source: try row.rawValue(forColumn: "source"), reviews: try row.decode(forColumn: "n"),
                negative: try row.decode(forColumn: "negative"),
                averageRating: try row.decode(forColumn: "mean"))
        }
        var ratings: [Int64: Int64] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT rating, count(*) AS n FROM feedback_review WHERE at >= ? AND at < ? GROUP BY rating", arguments: window)
        {
            ratings[try row.decode(Int64.self, forColumn: "rating")] = try row.decode(Int64.self, forColumn: "n")
        }
        var categories: [String: Int64] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT category, count(*) AS n FROM feedback_complaint WHERE at >= ? AND at < ? GROUP BY category", arguments: window)
        {
            categories[try row.decode(String.self, forColumn: "category")] = try row.decode(Int64.self, forColumn: "n")
        }
        let openComplaints =
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM feedback_complaint c JOIN feedback_followup f ON f.item_id = c.id
                    WHERE c.at >= ? AND c.at < ? AND f.resolved_at IS NULL
                    """, arguments: window) ?? 0
        let surveyResponses =
            try Int64.fetchOne(db, sql: "SELECT count(*) FROM feedback_survey_response WHERE at >= ? AND at < ?", arguments: window) ?? 0
        return FeedbackStats.Result(
            reviews: bySource.reduce(0) { $0 + $1.reviews }, negativeReviews: bySource.reduce(0) { $0 + $1.negative }, bySource: bySource,
            byRating: (1...5).map { .init(rating: $0, reviews: ratings[$0] ?? 0) },
            nps: NetPromoterScore(
                counts: try NPSRow.counts(from: params.from, to: params.to, in: db), minimumResponses: try policy(in: db).minimumResponses),
            surveyResponses: surveyResponses, complaints: categories.values.reduce(0, +), openComplaints: openComplaints,
            byCategory: Complaint.Category.allCases.map { .init(category: $0, complaints: categories[$0.rawValue] ?? 0) },
            responseTimes: try responseTimes(from: params.from, to: params.to, at: at, in: db))
    }

    /// Response times of the items needing a person that came in over `[from, to)`, with
    /// deadlines judged at `at` (for metrics' dashboard).
    public func responseTimes(from: Timestamp?, to: Timestamp?, at: Timestamp, in db: Database) throws -> FeedbackStats.Result.ResponseTimes {
        let followUps = try Row.fetchAll(
            db,
            sql: """
                SELECT \(FollowUpRow.columns) FROM feedback_followup f
                WHERE f.needs_attention = 1 AND f.opened_at >= ? AND f.opened_at < ?
                """, arguments: [(from ?? .distantPast).millisecondsSince1970, (to ?? .distantFuture).millisecondsSince1970]
        ).map(FollowUpRow.followUp)
        return Self.responseTimes(followUps, at: at)
    }

    static func responseTimes(_ followUps: [FollowUp], at now: Timestamp) -> FeedbackStats.Result.ResponseTimes {
        let seconds = followUps.compactMap { followUp in
            followUp.staffResponseAt.map { ($0.millisecondsSince1970 - followUp.openedAt.millisecondsSince1970) / 1000 }
        }.sorted()
        func rank(_ share: Double) -> Int64? {
            guard !seconds.isEmpty else { return nil }
            return seconds[max(0, Int((share * Double(seconds.count)).rounded(.up)) - 1)]
        }
        var within: Int64 = 0
        var missed: Int64 = 0
        for followUp in followUps {
            switch followUp.metDeadline {
            case true?: within += 1
            case false?: missed += 1
            case nil: if followUp.isOverdue(at: now) { missed += 1 }
            }
        }
        return .init(
            items: Int64(followUps.count), responded: Int64(seconds.count), medianSeconds: rank(0.5), p90Seconds: rank(0.9),
            withinDeadline: within, missedDeadline: missed,
            shareWithinDeadline: within + missed > 0 ? Double(within) / Double(within + missed) : nil)
    }
}
