import GRDB
import RapportCore
import RapportCustomers
import RapportLoyalty
import RapportStorage

extension FeedbackService {
    // MARK: - Complaints

    func openComplaint(_ params: ComplaintsOpen.Params, in context: WriteContext) throws -> Complaint {
        let db = context.db
        let at = params.at ?? context.now
        try customers.ensureActive(params.customerId, in: db)
        let complaint = Complaint(
            id: context.newID("cmp", at: at), customerId: params.customerId, category: params.category,
            text: try TextInput.required(params.text, field: "text", max: 10_000),
            channel: try params.channel.map { try FieldValidation.word($0, field: "channel") },
            orderId: try checkedOrder(params.orderId, of: params.customerId, in: db), at: at, status: .open, deadline: nil, overdue: false,
            assignedTo: nil, assignedAt: nil, firstResponseAt: nil, respondedAt: nil, resolvedAt: nil, resolution: nil, compensation: nil)
        try ComplaintRow.insert(complaint, in: db)
        try FollowUpRow.insert(
            FollowUp(
                itemId: complaint.id, kind: .complaint, customerId: complaint.customerId, isPublic: false, needsAttention: true, openedAt: at,
                deadline: try policy(in: db).deadline(openedAt: at, isPublic: false)),
            in: db)
        let opened = try self.complaint(complaint.id, at: context.now, in: db)
        try context.raise(ComplaintOpened(complaint: opened))
        return opened
    }

    func complaint(_ id: String, at now: Timestamp, in db: Database, field: String = "id") throws -> Complaint {
        guard let complaint = try ComplaintRow.find(id, at: now, in: db) else { throw RapportError.notFound("complaint", id, field: field) }
        return complaint
    }

    func assign(_ params: ComplaintsAssign.Params, in context: WriteContext) throws -> Complaint {
        var followUp = try followUp(params.id, kind: .complaint, in: context.db)
        guard followUp.resolvedAt == nil else { throw RapportError(.conflict, "\(params.id) is already resolved", field: "id") }
        followUp.assignedTo = try TextInput.required(params.to, field: "to", max: 200)
        followUp.assignedAt = params.at ?? context.now
        try FollowUpRow.update(followUp, in: context.db)
        return try complaint(params.id, at: context.now, in: context.db)
    }

    func complaints(_ params: ComplaintsList.Params, at now: Timestamp, in db: Database) throws -> Page<Complaint> {
        let limit = try Pagination.limit(params.limit)
        var filter = SQLFilter()
        if let cursor = params.cursor {
            let (at, id) = try Self.timeCursor(cursor)
            filter.add("(c.at < ? OR (c.at = ? AND c.id < ?))", at, at, id)
        }
        if let status = params.status { filter.add(FollowUpRow.condition(status)) }
        if let category = params.category { filter.add("c.category = ?", category.rawValue) }
        if let customerId = params.customerId { filter.add("c.customer_id = ?", customerId) }
        if let from = params.from { filter.add("c.at >= ?", from.millisecondsSince1970) }
        if let to = params.to { filter.add("c.at < ?", to.millisecondsSince1970) }
        var arguments = filter.arguments
        _ = arguments.append(contentsOf: [limit + 1])
        let rows = try Row.fetchAll(
            db, sql: "\(ComplaintRow.select) WHERE \(filter.condition) ORDER BY c.at DESC, c.id DESC LIMIT ?", arguments: arguments)
        return Self.timePage(try rows.map { try ComplaintRow.complaint($0, at: now) }, limit: limit, at: \.at, id: \.id)
    }

    // MARK: - Responses and resolutions of every kind

    /// The handling of an item, of `kind` when given.
    func followUp(_ id: String, kind: FollowUpKind?, in db: Database) throws -> FollowUp {
        guard let followUp = try FollowUpRow.find(id, in: db), kind == nil || followUp.kind == kind else {
            throw RapportError.notFound(kind?.rawValue ?? "inbox item", id, field: "id")
        }
        return followUp
    }

    /// Records a response; the first response time and the first staff response time are kept.
    func respond(_ params: RespondParams, kind: FollowUpKind?, in context: WriteContext) throws -> (FollowUp, FollowUpReply) {
        var followUp = try followUp(params.id, kind: kind, in: context.db)
        guard followUp.resolvedAt == nil else { throw RapportError(.conflict, "\(params.id) is already resolved", field: "id") }
        let at = params.at ?? context.now
        let reply = FollowUpReply(
            id: context.newID("rpl", at: at), itemId: followUp.itemId, text: try TextInput.required(params.text, field: "text", max: 10_000),
            by: try TextInput.required(params.by, field: "by", max: 200), byKind: params.byKind, at: at)
        try FollowUpRow.insert(reply, in: context.db)
        followUp.firstResponseAt = min(followUp.firstResponseAt ?? at, at)
        if params.byKind == .staff { followUp.staffResponseAt = min(followUp.staffResponseAt ?? at, at) }
        try FollowUpRow.update(followUp, in: context.db)
        if followUp.kind == .review { try context.raise(ReviewResponded(reviewId: followUp.itemId, reply: reply)) }
        return (followUp, reply)
    }

    /// Resolves an item, giving the compensation through loyalty in the same transaction.
    func resolve(_ params: ResolveParams, kind: FollowUpKind?, in context: WriteContext) throws -> (FollowUp, CompensationGiven?) {
        let db = context.db
        var followUp = try followUp(params.id, kind: kind, in: db)
        guard followUp.resolvedAt == nil else { throw RapportError(.conflict, "\(params.id) is already resolved", field: "id") }
        let at = params.at ?? context.now
        let resolution = try TextInput.required(params.resolution, field: "resolution", max: 2000)
        var given: CompensationGiven?
        if let compensation = params.compensation, compensation.points != nil || compensation.offerId != nil {
            guard let customerId = followUp.customerId else {
                throw RapportError(.notAllowed, "\(params.id) has no customer to compensate; link one first", field: "compensation")
            }
            try customers.ensureActive(customerId, in: db)
            var made = CompensationGiven(points: nil, entry: nil, balance: nil, coupon: nil)
            if let points = compensation.points {
                made.points = points
                made.entry = try loyalty.grantBonus(
                    points, to: customerId, reason: "compensation for \(followUp.kind.rawValue) \(followUp.itemId)",
                    reference: followUp.itemId, at: at, in: context)
                made.balance = try loyalty.balance(of: customerId, at: at, in: db)
            }
            if let offerId = compensation.offerId {
                made.coupon = try loyalty.issueCoupon(of: offerId, to: customerId, at: at, in: context)
            }
            given = made
        }
        followUp.resolvedAt = at
        followUp.resolution = resolution
        followUp.compensation = given
        try FollowUpRow.update(followUp, in: db)
        switch followUp.kind {
        case .review: try context.raise(ReviewResolved(review: reviewNow(followUp.itemId, in: context)))
        case .complaint: try context.raise(ComplaintResolved(complaint: complaint(followUp.itemId, at: context.now, in: db)))
        case .nps: break
        }
        return (followUp, given)
    }
}
