public import RapportCore
public import RapportJSON

/// A recorded purchase.
public struct Order: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    public var customerId: String
    public var externalId: String
    public var amount: Money
    /// How much of `amount` was refunded so far.
    public var refunded: Money
    public var channel: String?
    public var items: [OrderItem]
    public var at: Timestamp

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
    public static let fieldRanges: [String: ClosedRange<Int64>] = [
        "quantity": CountRange.quantity,
        "price": Money.nonNegativeRange,
    ]
    public var sku: String
    public var category: String?
    public var quantity: Int64
    /// Price of one unit, in minor units.
    public var price: Money

    public init(sku: String, category: String? = nil, quantity: Int64, price: Money) {
        self.sku = sku
        self.category = category
        self.quantity = quantity
        self.price = price
    }

    public static let fieldDescriptions = [
        "sku": "The product's stock-keeping unit.",
        "category": "The product's category.",
        "quantity": "How many units (at least 1).",
        "price": "Price of one unit in minor units.",
    ]
}

/// A refund of part or all of an order.
public struct Refund: Codable, Sendable, Hashable {
    public var id: String
    public var orderId: String
    public var customerId: String
    public var amount: Money
    public var reason: String?
    public var at: Timestamp
}

/// A contact with a customer: the history a manager reads before answering.
public struct Interaction: Codable, Sendable, Hashable {
    public var id: String
    public var customerId: String
    public var channel: Channel
    public var direction: Direction
    public var kind: Kind
    public var summary: String
    /// What serving it cost, in minor units (used by customer value).
    public var cost: Money
    public var at: Timestamp

    public enum Channel: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        case email, sms, messenger, phone, chat, visit, other
    }

    public enum Direction: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        case `in`, out
    }

    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        case message, call, meeting, note, support
    }
}

/// A customer's current cart.
public struct Cart: Codable, Sendable, Hashable {
    public var customerId: String
    public var items: [OrderItem]
    /// Sum of quantity × price.
    public var total: Money
    /// When it last changed; the abandoned-cart trigger counts from here.
    public var updatedAt: Timestamp
}
