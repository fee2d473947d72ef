public import RapportCore
public import RapportJSON
public import RapportStorage

/// A customer was created.
public struct CustomerCreated: DomainEvent, Hashable {
    /// The event's topic, `customer.created`.
    public static let topic = "customer.created"
    /// One line for protocol.md.
    public static let summary = "A customer was created."
    /// The new customer.
    public var customer: Customer
    /// The referral code given at creation, for the loyalty module to link the referrer.
    public var referralCode: String?
}

/// A customer's profile changed.
public struct CustomerUpdated: DomainEvent, Hashable {
    /// The event's topic, `customer.updated`.
    public static let topic = "customer.updated"
    /// One line for protocol.md.
    public static let summary = "A customer's profile changed."
    /// The customer after the change.
    public var customer: Customer
    /// The request fields that changed.
    public var changed: [String]
}

/// A duplicate customer was merged into another; other modules move their records in the same transaction.
public struct CustomerMerged: DomainEvent, Hashable {
    /// The event's topic, `customer.merged`.
    public static let topic = "customer.merged"
    /// One line for protocol.md.
    public static let summary = "A duplicate customer (`from`) was merged into another (`into`)."
    /// The id of the customer that survives and now holds the duplicate's history.
    public var into: String
    /// The id of the duplicate, now marked merged into `into`.
    public var from: String
}

/// A customer's personal data was erased.
public struct CustomerErased: DomainEvent, Hashable {
    /// The event's topic, `customer.erased`.
    public static let topic = "customer.erased"
    /// One line for protocol.md.
    public static let summary = "A customer's personal data was replaced by tombstones."
    /// The id of the erased customer, `cus_…`.
    public var customerId: String
}

/// An order was recorded (not raised again when a retry of the same order is answered).
public struct OrderRecorded: DomainEvent, Hashable {
    /// The event's topic, `order.recorded`.
    public static let topic = "order.recorded"
    /// One line for protocol.md.
    public static let summary = "An order was recorded; loyalty credits points in the same transaction."
    /// The order as recorded.
    public var order: Order
    /// Whether it is the customer's first order.
    public var isFirstOrder: Bool
}

/// An order was refunded in full or in part.
public struct OrderRefunded: DomainEvent, Hashable {
    /// The event's topic, `order.refunded`.
    public static let topic = "order.refunded"
    /// One line for protocol.md.
    public static let summary = "An order was refunded in full or in part; loyalty reverses the points of the refunded share."
    /// The refund just recorded.
    public var refund: Refund
    /// The order after the refund.
    public var order: Order
}

/// An interaction was logged.
public struct InteractionLogged: DomainEvent, Hashable {
    /// The event's topic, `interaction.logged`.
    public static let topic = "interaction.logged"
    /// One line for protocol.md.
    public static let summary = "A message, call, meeting, note or support contact was logged."
    /// The interaction as logged.
    public var interaction: Interaction
}

/// A cart changed or was cleared.
public struct CartUpdated: DomainEvent, Hashable {
    /// The event's topic, `cart.updated`.
    public static let topic = "cart.updated"
    /// One line for protocol.md.
    public static let summary = "A customer's cart changed or was cleared (then `items` is empty)."
    /// The cart after the change; its `items` are empty when it was cleared.
    public var cart: Cart
}

/// Something a customer did that other modules may reward (loyalty's `rewards.configure`).
///
/// The customers module raises `repeat_order` and `profile_completed`; `rewards.trigger` and
/// later modules (feedback, automation) raise the others.
public struct CustomerActionPerformed: DomainEvent, Hashable {
    /// The event's topic, `customer.action`.
    public static let topic = "customer.action"
    /// One line for protocol.md.
    public static let summary = "A customer did something rewardable: a repeat order, a completed profile, a review, a survey, …"
    /// The id of the customer who did it, `cus_…`.
    public var customerId: String
    /// What the customer did.
    public var action: CustomerAction
    /// What it was about (the order, the review), so that one thing is never rewarded twice.
    public var reference: String
    /// When the customer did it.
    public var at: Timestamp

    /// An action of `customerId` on `reference`, done at `at`.
    public init(customerId: String, action: CustomerAction, reference: String, at: Timestamp) {
        self.customerId = customerId
        self.action = action
        self.reference = reference
        self.at = at
    }
}

/// The actions a program can reward.
public enum CustomerAction: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    /// A review was submitted (raised by feedback).
    case reviewSubmitted = "review_submitted"
    /// A survey was completed (raised by feedback).
    case surveyCompleted = "survey_completed"
    /// A referred customer converted (raised by loyalty for the referrer).
    case referralConverted = "referral_converted"
    /// A customer with an earlier order placed another.
    case repeatOrder = "repeat_order"
    /// The customer's birthday (raised through `rewards.trigger`).
    case birthday
    /// Name, email, phone and birthday became all filled in.
    case profileCompleted = "profile_completed"
}
