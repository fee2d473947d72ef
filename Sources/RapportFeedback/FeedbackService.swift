public import GRDB
import RapportCore
public import RapportCustomers
public import RapportLoyalty
import RapportStorage

/// The feedback room's Swift API: surveys, NPS, reviews from outside platforms, complaints, their
/// deadlines, responses and compensation, and the inbox of what needs a person.
///
/// Every operation runs in a transaction it is given. Customers are read through the customers
/// service and views, points and coupons given through loyalty's service, in the same transaction.
public struct FeedbackService: Sendable {
    let customers: CustomersService
    let loyalty: LoyaltyService
    let settings = ModuleSettings(table: "feedback_config")

    /// A service over the customers and loyalty rooms.
    public init(customers: CustomersService, loyalty: LoyaltyService) {
        self.customers = customers
        self.loyalty = loyalty
    }

    /// The rules in force.
    public func policy(in db: Database) throws -> FeedbackPolicy {
        try settings.current(FeedbackPolicy.self, in: db)
    }

    func configure(_ params: FeedbackConfigure.Params, in context: WriteContext) throws -> FeedbackPolicy {
        var policy = try policy(in: context.db)
        if let value = params.negativeThreshold { policy.negativeThreshold = value }
        if let value = params.responseHours { policy.responseHours = value }
        if let value = params.publicResponseHours { policy.publicResponseHours = value }
        if let value = params.minimumResponses { policy.minimumResponses = value }
        policy.businessHours = try params.businessHours.applied(to: policy.businessHours)?.validated()
        try settings.save(policy, at: context.now, in: context.db)
        return policy
    }

    // MARK: - Checks shared by the item kinds

    /// The customer, when given, refused when unknown, erased or merged.
    func checkedCustomer(_ id: String?, in db: Database, field: String = "customerId") throws -> String? {
        guard let id else { return nil }
        try customers.ensureActive(id, in: db, field: field)
        return id
    }

    /// The order, when given: it must exist and, with a customer, be theirs.
    func checkedOrder(_ id: String?, of customerId: String?, in db: Database) throws -> String? {
        guard let id else { return nil }
        let order = try customers.order(id, in: db)
        if let customerId, order.customerId != customerId {
            throw RapportError(.notAllowed, "\(id) is another customer's order", field: "orderId")
        }
        return order.id
    }

    /// Optional free text, trimmed; empty is absent.
    static func optionalText(_ text: String?, field: String, max: Int) throws -> String? {
        guard let text else { return nil }
        let trimmed = try TextInput.text(text, field: field, max: max)
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: - Reactions to the customers room

    /// Removes what an erased customer wrote (texts, comments, author names, links) and keeps
    /// scores, ratings and dates for the aggregates.
    func erase(_ customerId: String, in context: WriteContext) throws {
        let statements = [
            "UPDATE feedback_review SET text = NULL, author = NULL, url = NULL WHERE customer_id = ?",
            "UPDATE feedback_nps SET comment = NULL WHERE customer_id = ?",
            "DELETE FROM feedback_survey_text WHERE customer_id = ?",
            "UPDATE feedback_complaint SET text = NULL WHERE customer_id = ?",
            "UPDATE feedback_reply SET text = NULL WHERE item_id IN (SELECT item_id FROM feedback_followup WHERE customer_id = ?)",
            "UPDATE feedback_followup SET resolution = NULL WHERE customer_id = ? AND resolution IS NOT NULL",
        ]
        for sql in statements { try context.db.execute(sql: sql, arguments: [customerId]) }
    }

    /// Moves a merged duplicate's feedback to the customer it was merged into.
    func merge(_ event: CustomerMerged, in context: WriteContext) throws {
        for table in [
            "feedback_review", "feedback_nps", "feedback_survey_response", "feedback_survey_text", "feedback_complaint", "feedback_followup",
        ] {
            try context.db.execute(sql: "UPDATE \(table) SET customer_id = ? WHERE customer_id = ?", arguments: [event.into, event.from])
        }
    }
}
