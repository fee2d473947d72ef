public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `orders.record`: a purchase, idempotent on its external id.
public enum OrdersRecord: RPCMethod {
    public static let name = "orders.record"
    public static let summary = "Records a purchase; a retry with the same externalId returns the first order and records nothing."
    public static let discussion = """
        The same externalId with a different customer, amount or items is a `conflict` naming the \
        existing order. The customer's order totals change in the same transaction, and \
        `order.recorded` is raised there too, so loyalty credits points atomically with the order.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "amount": Money.nonNegativeRange
        ]
        public var customerId: String
        public var externalId: String
        public var amount: Money
        public var items: [OrderItem]?
        public var at: Timestamp?
        public var channel: String?

        public init(customerId: String, externalId: String, amount: Money, items: [OrderItem]? = nil, at: Timestamp? = nil, channel: String? = nil) {
            self.customerId = customerId
            self.externalId = externalId
            self.amount = amount
            self.items = items
            self.at = at
            self.channel = channel
        }

        public static let fieldDescriptions = [
            "customerId": "Who bought.",
            "externalId": "The client's order id: the idempotency key of the order.",
            "amount": "What was paid, in minor units, at least 0.",
            "items": "Up to 500 lines `{sku, category?, quantity, price}`.",
            "at": "When it was bought; default now.",
            "channel": "Where it was bought: web, store, app, …",
        ]
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var order: Order
        /// False when this was a retry of an order already recorded.
        public var created: Bool
        public static let fieldDescriptions = [
            "order": "The order.",
            "created": "False when the externalId was already recorded: nothing changed.",
        ]
    }

    public static func auditTarget(params: Params, result: Result) -> String? { result.order.id }
}

/// `orders.refund`: give back part or all of an order.
public enum OrdersRefund: RPCMethod {
    public static let name = "orders.refund"
    public static let summary = "Refunds an order in full (no amount) or in part; never more than is left to refund."
    public static let discussion = "The customer's total spent drops by the amount; `order.refunded` lets loyalty reverse the points of that share."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "amount": Money.positiveRange
        ]
        public var orderId: String
        public var amount: Money?
        public var reason: String?
        public var at: Timestamp?

        public init(orderId: String, amount: Money? = nil, reason: String? = nil, at: Timestamp? = nil) {
            self.orderId = orderId
            self.amount = amount
            self.reason = reason
            self.at = at
        }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var refund: Refund
        public var order: Order
    }

    public static func auditTarget(params: Params, result: Result) -> String? { params.orderId }
}

/// `orders.list`: orders newest first.
public enum OrdersList: RPCMethod {
    public static let name = "orders.list"
    public static let summary = "Lists orders newest first, of one customer or all; paginated."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = Page<Order>

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String?
        public var limit: Int?
        public var cursor: String?

        public init(customerId: String? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.customerId = customerId
            self.limit = limit
            self.cursor = cursor
        }
    }
}

/// `interactions.log`: a contact with a customer.
public enum InteractionsLog: RPCMethod {
    public static let name = "interactions.log"
    public static let summary = "Logs a message, call, meeting, note or support contact, with what it cost."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]
    public typealias Result = Interaction

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "cost": Money.nonNegativeRange
        ]
        public var customerId: String
        public var channel: Interaction.Channel
        public var direction: Interaction.Direction
        public var kind: Interaction.Kind
        public var summary: String
        public var cost: Money?
        public var at: Timestamp?

        public init(
            customerId: String, channel: Interaction.Channel, direction: Interaction.Direction, kind: Interaction.Kind,
            summary: String, cost: Money? = nil, at: Timestamp? = nil
        ) {
            self.customerId = customerId
            self.channel = channel
            self.direction = direction
            self.kind = kind
            self.summary = summary
            self.cost = cost
            self.at = at
        }
    }

    public static func auditTarget(params: Params, result: Interaction) -> String? { result.id }
}

/// `carts.update`: the customer's cart now holds these items.
public enum CartsUpdate: RPCMethod {
    public static let name = "carts.update"
    public static let summary = "Replaces a customer's cart with these items; the time is kept for the abandoned-cart trigger."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]
    public typealias Result = Cart

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String
        public var items: [OrderItem]
        public var at: Timestamp?

        public init(customerId: String, items: [OrderItem], at: Timestamp? = nil) {
            self.customerId = customerId
            self.items = items
            self.at = at
        }
    }

    public static func auditTarget(params: Params, result: Cart) -> String? { params.customerId }
}

/// `carts.clear`: the customer emptied the cart.
public enum CartsClear: RPCMethod {
    public static let name = "carts.clear"
    public static let summary = "Empties a customer's cart."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]
    public typealias Result = Cart

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String
        public var at: Timestamp?

        public init(customerId: String, at: Timestamp? = nil) {
            self.customerId = customerId
            self.at = at
        }
    }

    public static func auditTarget(params: Params, result: Cart) -> String? { params.customerId }
}
