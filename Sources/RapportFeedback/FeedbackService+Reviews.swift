import GRDB
import RapportCore
import RapportCustomers
import RapportStorage

extension FeedbackService {
    /// The most rows one `reviews.import` takes.
    static let importLimit = 1000

    func submitNPS(_ params: NPSSubmit.Params, in context: WriteContext) throws -> NPSAnswer {
        let customerId = try checkedCustomer(params.customerId, in: context.db)
        let answer = try recordNPS(
            score: params.score, customerId: customerId, comment: Self.optionalText(params.comment, field: "comment", max: 2000),
            channel: try params.channel.map { try FieldValidation.word($0, field: "channel") }, responseId: nil,
            at: params.at ?? context.now, in: context)
        try context.raise(NPSSubmitted(answer: answer))
        return answer
    }

    /// Stores an NPS answer; a customer's detractor answer opens an inbox item.
    func recordNPS(
        score: Int64, customerId: String?, comment: String?, channel: String?, responseId: String?, at: Timestamp, in context: WriteContext
    ) throws -> NPSAnswer {
        let answer = NPSAnswer(
            id: context.newID("nps", at: at), customerId: customerId, score: score, category: NPSCategory(score: score), comment: comment,
            channel: channel, responseId: responseId, at: at)
        try NPSRow.insert(answer, in: context.db)
        if answer.category == .detractor, let customerId {
            let policy = try policy(in: context.db)
            try FollowUpRow.insert(
                FollowUp(
                    itemId: answer.id, kind: .nps, customerId: customerId, isPublic: false, needsAttention: true, openedAt: at,
                    deadline: policy.deadline(openedAt: at, isPublic: false)),
                in: context.db)
        }
        return answer
    }

    // MARK: - Reviews

    /// A review as it would be stored, checked, before anything is written.
    struct CheckedReview {
        var input: ReviewInput
        var customerId: String?
        var externalId: String?
        var text: String?
        var author: String?
        var url: String?
        var topics: [String]
        var isPublic: Bool
        /// When it was written; null keeps a known review's time (or is now for a new one).
        var at: Timestamp?
    }

    func checked(_ input: ReviewInput, in db: Database, field prefix: String = "") throws -> CheckedReview {
        CheckedReview(
            input: input,
            customerId: try checkedCustomer(input.customerId, in: db, field: prefix + "customerId"),
            externalId: try input.externalId.map { try FieldValidation.externalId($0, field: prefix + "externalId") },
            text: try Self.optionalText(input.text, field: prefix + "text", max: 10_000),
            author: try Self.optionalText(input.author, field: prefix + "author", max: 200),
            url: try Self.optionalText(input.url, field: prefix + "url", max: 2000),
            topics: try FieldValidation.tags(input.topics ?? [], field: prefix + "topics"),
            isPublic: input.public ?? (input.source != .internal), at: input.at)
    }

    func recordReview(_ input: ReviewInput, in context: WriteContext) throws -> ReviewsRecord.Result {
        try record(checked(input, in: context.db), in: context)
    }

    func importReviews(_ params: ReviewsImport.Params, in context: WriteContext) throws -> ReviewsImport.Result {
        guard (1...Self.importLimit).contains(params.reviews.count) else {
            throw RapportError.invalid("reviews", "reviews.import takes 1 to \(Self.importLimit) reviews")
        }
        var result = ReviewsImport.Result(created: 0, updated: 0, unchanged: 0, failed: 0, items: [])
        // Each row is checked before it is written, so that a refused row leaves nothing behind.
        for (index, input) in params.reviews.enumerated() {
            var item = ReviewsImport.Result.Item(index: Int64(index), reviewId: nil, outcome: nil, error: nil)
            do {
                let recorded = try record(checked(input, in: context.db, field: "reviews[\(index)]."), in: context)
                item.reviewId = recorded.review.id
                item.outcome = recorded.outcome
                switch recorded.outcome {
                case .created: result.created += 1
                case .updated: result.updated += 1
                case .unchanged: result.unchanged += 1
                }
            } catch let error as RapportError where error.reason != .internal && error.reason != .limitExceeded {
                item.error = .init(reason: error.reason.rawValue, message: error.message, field: error.field)
                result.failed += 1
            }
            result.items.append(item)
        }
        return result
    }

    /// Stores a checked review: new, unchanged or edited.
    private func record(_ checked: CheckedReview, in context: WriteContext) throws -> ReviewsRecord.Result {
        let db = context.db
        let policy = try policy(in: db)
        let input = checked.input
        if let externalId = checked.externalId, let id = try ReviewRow.id(source: input.source, externalId: externalId, in: db) {
            return try edit(review(id, at: context.now, in: db), with: checked, policy: policy, in: context)
        }
        let at = checked.at ?? context.now
        let negative = policy.isNegative(rating: input.rating)
        let id = context.newID("rev", at: at)
        let followUp = FollowUp(
            itemId: id, kind: .review, customerId: checked.customerId, isPublic: checked.isPublic, needsAttention: negative, openedAt: at,
            deadline: negative ? policy.deadline(openedAt: at, isPublic: checked.isPublic) : nil)
        let review = Review(
            id: id, source: input.source, externalId: checked.externalId, rating: input.rating, text: checked.text, author: checked.author,
            url: checked.url, customerId: checked.customerId, topics: checked.topics, public: checked.isPublic, negative: negative, at: at,
            recordedAt: context.now, updatedAt: context.now, edits: 0, status: .open, deadline: nil, overdue: false, firstResponseAt: nil,
            respondedAt: nil, resolvedAt: nil, resolution: nil, compensation: nil
        ).handled(by: followUp, at: context.now)
        try ReviewRow.save(review, in: db)
        try FollowUpRow.insert(followUp, in: db)
        try context.raise(ReviewRecorded(review: review, outcome: .created))
        if negative { try context.raise(ReviewNegative(review: review)) }
        if let customerId = review.customerId {
            try context.raise(CustomerActionPerformed(customerId: customerId, action: .reviewSubmitted, reference: review.id, at: review.at))
        }
        return ReviewsRecord.Result(review: review, outcome: .created)
    }

    /// A known review imported again: unchanged, or updated with what changed. A review that
    /// becomes negative opens its inbox item then; one that stops being negative stays until resolved.
    private func edit(_ existing: Review, with checked: CheckedReview, policy: FeedbackPolicy, in context: WriteContext) throws
        -> ReviewsRecord.Result
    {
        if let linked = existing.customerId, let asked = checked.customerId, asked != linked {
            throw RapportError(
                .conflict, "\(existing.id) is linked to \(linked); a re-import cannot move it to another customer", field: "customerId",
                details: ["existingId": .string(linked)])
        }
        // The review of an erased customer stays without its texts, whatever the platform sends again.
        let isErased = try existing.customerId.flatMap { try customers.customer($0, in: context.db) }?.erasedAt != nil
        var review = existing
        review.rating = checked.input.rating
        review.text = isErased ? nil : checked.text
        review.author = isErased ? nil : checked.author
        review.url = isErased ? nil : checked.url
        review.customerId = existing.customerId ?? checked.customerId
        review.topics = checked.topics
        review.public = checked.isPublic
        review.at = checked.at ?? existing.at
        guard review != existing else { return ReviewsRecord.Result(review: existing, outcome: .unchanged) }
        review.negative = policy.isNegative(rating: review.rating)
        review.edits += 1
        review.updatedAt = context.now
        var followUp = try followUp(review.id, kind: .review, in: context.db)
        followUp.customerId = review.customerId
        followUp.isPublic = review.public
        let becameNegative = review.negative && !existing.negative && !followUp.needsAttention && followUp.resolvedAt == nil
        if becameNegative {
            followUp.needsAttention = true
            followUp.deadline = policy.deadline(openedAt: review.at, isPublic: review.public)
        }
        review = review.handled(by: followUp, at: context.now)
        try ReviewRow.save(review, in: context.db)
        try FollowUpRow.update(followUp, in: context.db)
        try context.raise(ReviewRecorded(review: review, outcome: .updated))
        if becameNegative { try context.raise(ReviewNegative(review: review)) }
        if let customerId = review.customerId, customerId != existing.customerId {
            try context.raise(CustomerActionPerformed(customerId: customerId, action: .reviewSubmitted, reference: review.id, at: review.at))
        }
        return ReviewsRecord.Result(review: review, outcome: .updated)
    }

    func review(_ id: String, at now: Timestamp, in db: Database, field: String = "id") throws -> Review {
        guard let review = try ReviewRow.find(id, at: now, in: db) else { throw RapportError.notFound("review", id, field: field) }
        return review
    }

    func reviewNow(_ id: String, in context: WriteContext) throws -> Review { try review(id, at: context.now, in: context.db) }

    func link(_ params: ReviewsLink.Params, in context: WriteContext) throws -> Review {
        let db = context.db
        var review = try reviewNow(params.id, in: context)
        try customers.ensureActive(params.customerId, in: db)
        if review.customerId == params.customerId { return review }
        guard review.customerId == nil else {
            throw RapportError(.conflict, "\(review.id) is already linked to \(review.customerId ?? "")", field: "id")
        }
        review.customerId = params.customerId
        try ReviewRow.save(review, in: db)
        try db.execute(sql: "UPDATE feedback_followup SET customer_id = ? WHERE item_id = ?", arguments: [params.customerId, review.id])
        try context.raise(CustomerActionPerformed(customerId: params.customerId, action: .reviewSubmitted, reference: review.id, at: review.at))
        return try reviewNow(review.id, in: context)
    }

    func reviews(_ params: ReviewsList.Params, at now: Timestamp, in db: Database) throws -> Page<Review> {
        let limit = try Pagination.limit(params.limit)
        var filter = SQLFilter()
        if let cursor = params.cursor {
            let (at, id) = try Self.timeCursor(cursor)
            filter.add("(r.at < ? OR (r.at = ? AND r.id < ?))", at, at, id)
        }
        if let status = params.status { filter.add(FollowUpRow.condition(status)) }
        if let negative = params.negative { filter.add("r.negative = ?", negative) }
        if let source = params.source { filter.add("r.source = ?", source.rawValue) }
        if let topic = params.topic { filter.add("EXISTS (SELECT 1 FROM json_each(r.topics) t WHERE t.value = ?)", topic) }
        if let customerId = params.customerId { filter.add("r.customer_id = ?", customerId) }
        if let from = params.from { filter.add("r.at >= ?", from.millisecondsSince1970) }
        if let to = params.to { filter.add("r.at < ?", to.millisecondsSince1970) }
        var arguments = filter.arguments
        _ = arguments.append(contentsOf: [limit + 1])
        let rows = try Row.fetchAll(
            db, sql: "\(ReviewRow.select) WHERE \(filter.condition) ORDER BY r.at DESC, r.id DESC LIMIT ?", arguments: arguments)
        let reviews = try rows.map { try ReviewRow.review($0, at: now) }
        return Self.timePage(reviews, limit: limit, at: \.at, id: \.id)
    }

    // MARK: - Newest-first pages

    /// A page of a list ordered by (time, id) newest first: the cursor names the last item's both.
    static func timePage<Item: Codable & Sendable & Hashable>(
        _ fetched: [Item], limit: Int, at: (Item) -> Timestamp, id: (Item) -> String
    ) -> Page<Item> {
        guard fetched.count > limit else { return Page(items: fetched, nextCursor: nil) }
        let items = Array(fetched.prefix(limit))
        return Page(items: items, nextCursor: items.last.map { "t:\(at($0).millisecondsSince1970):\(id($0))" })
    }

    /// The (time, id) of a cursor ``timePage(_:limit:at:id:)`` gave out.
    static func timeCursor(_ cursor: String) throws -> (Int64, String) {
        let parts = cursor.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0] == "t", let at = Int64(parts[1]) else {
            throw RapportError.invalid("cursor", "not a cursor this list gave out")
        }
        return (at, String(parts[2]))
    }
}
