public import RapportCore
public import RapportJSON
public import RapportStorage

/// A customer was created.
public struct CustomerCreated: DomainEvent, Hashable {
    public static let topic = "customer.created"
    public static let summary = "A customer was created."
    public var customer: Customer
    /// The referral code given at creation, for the loyalty module to link the referrer.
    public var referralCode: String?
}

/// A customer's profile changed.
public struct CustomerUpdated: DomainEvent, Hashable {
    public static let topic = "customer.updated"
    public static let summary = "A customer's profile changed."
    public var customer: Customer
    /// The request fields that changed.
    public var changed: [String]
}

/// A duplicate customer was merged into another; other modules move their records in the same transaction.
public struct CustomerMerged: DomainEvent, Hashable {
    public static let topic = "customer.merged"
    public static let summary = "A duplicate customer (`from`) was merged into another (`into`)."
    public var into: String
    public var from: String
}

/// A customer's personal data was erased.
public struct CustomerErased: DomainEvent, Hashable {
    public static let topic = "customer.erased"
    public static let summary = "A customer's personal data was replaced by tombstones."
    public var customerId: String
}

/// An order was recorded (not raised again when a retry of the same order is answered).
public struct OrderRecorded: DomainEvent, Hashable {
    public static let topic = "order.recorded"
    public static let summary = "An order was recorded; loyalty credits points in the same transaction."
    public var order: Order
    /// Whether it is the customer's first order.
    public var isFirstOrder: Bool
}

/// An order was refunded in full or in part.
public struct OrderRefunded: DomainEvent, Hashable {
    public static let topic = "order.refunded"
    public static let summary = "An order was refunded in full or in part; loyalty reverses the points of the refunded share."
    public var refund: Refund
    /// The order after the refund.
    public var order: Order
}

/// An interaction was logged.
public struct InteractionLogged: DomainEvent, Hashable {
    public static let topic = "interaction.logged"
    public static let summary = "A message, call, meeting, note or support contact was logged."
    public var interaction: Interaction
}

/// A cart changed or was cleared.
public struct CartUpdated: DomainEvent, Hashable {
    public static let topic = "cart.updated"
    public static let summary = "A customer's cart changed or was cleared (then `items` is empty)."
    public var cart: Cart
}

/// Something a customer did that other modules may reward (loyalty's `rewards.configure`).
///
/// The customers module raises `repeat_order` and `profile_completed`; `rewards.trigger` and
/// later modules (feedback, automation) raise the others.
public struct CustomerActionPerformed: DomainEvent, Hashable {
    public static let topic = "customer.action"
    public static let summary = "A customer did something rewardable: a repeat order, a completed profile, a review, a survey, …"
    public var customerId: String
    public var action: CustomerAction
    /// What it was about (the order, the review), so that one thing is never rewarded twice.
    public var reference: String
    public var at: Timestamp

    public init(customerId: String, action: CustomerAction, reference: String, at: Timestamp) {
        self.customerId = customerId
        self.action = action
        self.reference = reference
        self.at = at
    }
}

/// The actions a program can reward.
public enum CustomerAction: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    case reviewSubmitted = "review_submitted"
    case surveyCompleted = "survey_completed"
    case referralConverted = "referral_converted"
    case repeatOrder = "repeat_order"
    case birthday
    case profileCompleted = "profile_completed"
}
