public import RapportCore
public import RapportJSON

/// A recorded purchase.
public struct Order: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The order's id, `ord_…`.
    public var id: String
    /// The id of the customer who bought, `cus_…`.
    public var customerId: String
    /// The client's own id for the order, unique; a retry with the same one records nothing new.
    public var externalId: String
    /// What was paid, in minor units.
    public var amount: Money
    /// How much of `amount` was refunded so far.
    public var refunded: Money
    /// Where it was bought (web, store, app, …); nil if not given.
    public var channel: String?
    /// The lines of the order, in the order given; empty if none were given.
    public var items: [OrderItem]
    /// When it was bought.
    public var at: Timestamp

    /// Descriptions of the fields for protocol.md, keyed by JSON name.
    public static let fieldDescriptions = [
        "id": "The order's id (`ord_…`).",
        "customerId": "Who bought.",
        "externalId": "The client's id for the order; a retry with the same one records nothing new.",
        "amount": "What was paid, in minor units.",
        "refunded": "How much of it was refunded so far.",
        "channel": "Where it was bought (web, store, app, …).",
        "items": "The lines of the order.",
        "at": "When it was bought.",
    ]
}

/// One line of an order.
public struct OrderItem: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The ranges the decoder enforces: `quantity` 1–1 000 000, `price` 0 to ``Money/maximum``.
    public static let fieldRanges: [String: ClosedRange<Int64>] = [
        "quantity": CountRange.quantity,
        "price": Money.nonNegativeRange,
    ]
    /// The product's stock-keeping unit, 1–128 bytes.
    public var sku: String
    /// The product's category, at most 128 bytes; nil if not given.
    public var category: String?
    /// How many units, at least 1.
    public var quantity: Int64
    /// Price of one unit, in minor units.
    public var price: Money

    /// A line of `quantity` units of `sku` at `price` each.
    public init(sku: String, category: String? = nil, quantity: Int64, price: Money) {
        self.sku = sku
        self.category = category
        self.quantity = quantity
        self.price = price
    }

    /// Descriptions of the fields for protocol.md, keyed by JSON name.
    public static let fieldDescriptions = [
        "sku": "The product's stock-keeping unit.",
        "category": "The product's category.",
        "quantity": "How many units (at least 1).",
        "price": "Price of one unit in minor units.",
    ]
}

/// A refund of part or all of an order.
public struct Refund: Codable, Sendable, Hashable {
    /// The refund's id, `ref_…`.
    public var id: String
    /// The id of the refunded order, `ord_…`.
    public var orderId: String
    /// The id of the order's customer, `cus_…`.
    public var customerId: String
    /// How much was refunded, in minor units; more than 0.
    public var amount: Money
    /// Why, trimmed, at most 500 characters; nil if not given.
    public var reason: String?
    /// When it was refunded.
    public var at: Timestamp
}

/// A contact with a customer: the history a manager reads before answering.
public struct Interaction: Codable, Sendable, Hashable {
    /// The interaction's id, `int_…`.
    public var id: String
    /// The id of the customer it was with, `cus_…`.
    public var customerId: String
    /// The medium it went through.
    public var channel: Channel
    /// Whether the customer reached out (`in`) or the business did (`out`).
    public var direction: Direction
    /// What sort of contact it was.
    public var kind: Kind
    /// What was said or done, for a human (at most 4 000 characters); `[erased]` once the customer is erased.
    public var summary: String
    /// What serving it cost, in minor units (used by customer value).
    public var cost: Money
    /// When it happened.
    public var at: Timestamp

    /// The medium of an interaction.
    public enum Channel: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// Email, SMS, messenger, phone, chat, a visit, or another medium.
        case email, sms, messenger, phone, chat, visit, other
    }

    /// Who started an interaction.
    public enum Direction: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// `in` from the customer, `out` from the business.
        case `in`, out
    }

    /// The sort of an interaction.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// A message, a call, a meeting, an internal note, or a support contact.
        case message, call, meeting, note, support
    }
}

/// A customer's current cart.
public struct Cart: Codable, Sendable, Hashable {
    /// The id of the cart's customer, `cus_…`.
    public var customerId: String
    /// The lines in the cart; empty once cleared.
    public var items: [OrderItem]
    /// Sum of quantity × price.
    public var total: Money
    /// When it last changed; the abandoned-cart trigger counts from here.
    public var updatedAt: Timestamp
}
