public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `orders.record`: a purchase, idempotent on its external id.
public enum OrdersRecord: RPCMethod {
    /// The method's wire name.
    public static let name = "orders.record"
    /// The method's line for protocol.md.
    public static let summary = "Records a purchase; a retry with the same externalId returns the first order and records nothing."
    /// The method's further paragraphs for protocol.md: `conflict` on a changed retry, totals and `order.recorded` in the same transaction.
    public static let discussion = """
        The same externalId with a different customer, amount or items is a `conflict` naming the \
        existing order. The customer's order totals change in the same transaction, and \
        `order.recorded` is raised there too, so loyalty credits points atomically with the order.
        """
    /// Mutating: it records an order and updates the customer's totals.
    public static let isMutating = true
    /// Answers `not_found` for an unknown customer, `conflict` for a retry with other details, `not_allowed` for an erased or merged customer.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed]

    /// An orders.record params value: who bought, the client's order id and the amount; items, time and channel optional.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range the decoder enforces: `amount` 0 to ``Money/maximum``.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "amount": Money.nonNegativeRange
        ]
        /// The id of the customer who bought, `cus_…`.
        public var customerId: String
        /// The client's own order id, 1–128 bytes: the idempotency key of the order.
        public var externalId: String
        /// What was paid, in minor units, 0 to ``Money/maximum``.
        public var amount: Money
        /// Up to 500 lines; nil for none (and, on a retry, not compared).
        public var items: [OrderItem]?
        /// When it was bought; nil means now.
        public var at: Timestamp?
        /// Where it was bought, a short lowercase word (web, store, app, …); nil if not given.
        public var channel: String?

        /// Params for an order of `amount` by `customerId`; items, time and channel default to nil.
        public init(customerId: String, externalId: String, amount: Money, items: [OrderItem]? = nil, at: Timestamp? = nil, channel: String? = nil) {
            self.customerId = customerId
            self.externalId = externalId
            self.amount = amount
            self.items = items
            self.at = at
            self.channel = channel
        }

        /// Descriptions of the fields for protocol.md, keyed by JSON name.
        public static let fieldDescriptions = [
            "customerId": "Who bought.",
            "externalId": "The client's order id: the idempotency key of the order.",
            "amount": "What was paid, in minor units, at least 0.",
            "items": "Up to 500 lines `{sku, category?, quantity, price}`.",
            "at": "When it was bought; default now.",
            "channel": "Where it was bought: web, store, app, …",
        ]
    }

    /// The orders.record result: the order and whether this call recorded it.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The order, the first one recorded when this was a retry.
        public var order: Order
        /// False when this was a retry of an order already recorded.
        public var created: Bool
        /// Descriptions of the fields for protocol.md, keyed by JSON name.
        public static let fieldDescriptions = [
            "order": "The order.",
            "created": "False when the externalId was already recorded: nothing changed.",
        ]
    }

    /// The audit target: the order's id.
    public static func auditTarget(params: Params, result: Result) -> String? { result.order.id }
}

/// `orders.refund`: give back part or all of an order.
public enum OrdersRefund: RPCMethod {
    /// The method's wire name.
    public static let name = "orders.refund"
    /// The method's line for protocol.md.
    public static let summary = "Refunds an order in full (no amount) or in part; never more than is left to refund."
    /// The method's further paragraph for protocol.md: total spent drops, `order.refunded` lets loyalty reverse points.
    public static let discussion = "The customer's total spent drops by the amount; `order.refunded` lets loyalty reverse the points of that share."
    /// Mutating: it records a refund and lowers the order's refundable amount and the customer's total spent.
    public static let isMutating = true
    /// Answers `not_found` for an unknown order, `not_allowed` for more than is left to refund or an order already refunded in full.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]

    /// An orders.refund params value: the order, and optionally the amount, reason and time.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range the decoder enforces: `amount` 1 to ``Money/maximum``.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "amount": Money.positiveRange
        ]
        /// The id of the order to refund, `ord_…`.
        public var orderId: String
        /// How much to refund, in minor units, at most what is left; nil refunds all that is left.
        public var amount: Money?
        /// Why, at most 500 characters; nil if not given.
        public var reason: String?
        /// When it was refunded; nil means now.
        public var at: Timestamp?

        /// Params refunding `orderId`; nil `amount` refunds all that is left.
        public init(orderId: String, amount: Money? = nil, reason: String? = nil, at: Timestamp? = nil) {
            self.orderId = orderId
            self.amount = amount
            self.reason = reason
            self.at = at
        }
    }

    /// The orders.refund result: the refund and the order after it.
    public struct Result: Codable, Sendable, Hashable {
        /// The refund just recorded.
        public var refund: Refund
        /// The order after the refund, its `refunded` raised by the amount.
        public var order: Order
    }

    /// The audit target: the refunded order's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.orderId }
}

/// `orders.list`: orders newest first.
public enum OrdersList: RPCMethod {
    /// The method's wire name.
    public static let name = "orders.list"
    /// The method's line for protocol.md.
    public static let summary = "Lists orders newest first, of one customer or all; paginated."
    /// Answers `not_found` for an unknown `customerId`.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// One page of orders, newest first, with `nextCursor` when older ones follow.
    public typealias Result = Page<Order>

    /// An orders.list params value: an optional customer, page size and cursor.
    public struct Params: Codable, Sendable, Hashable {
        /// Only this customer's orders (`cus_…`); nil lists every customer's.
        public var customerId: String?
        /// Page size, 1–1000; nil means 50.
        public var limit: Int?
        /// `nextCursor` of the previous page; nil for the first page.
        public var cursor: String?

        /// Params with the given customer, page size and cursor; every one defaults to nil.
        public init(customerId: String? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.customerId = customerId
            self.limit = limit
            self.cursor = cursor
        }
    }
}

/// `interactions.log`: a contact with a customer.
public enum InteractionsLog: RPCMethod {
    /// The method's wire name.
    public static let name = "interactions.log"
    /// The method's line for protocol.md.
    public static let summary = "Logs a message, call, meeting, note or support contact, with what it cost."
    /// Mutating: it logs an interaction.
    public static let isMutating = true
    /// Answers `not_found` for an unknown customer, `not_allowed` for an erased or merged one.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]
    /// The interaction as logged.
    public typealias Result = Interaction

    /// An interactions.log params value: the customer, the kind of contact and what was said; cost and time optional.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range the decoder enforces: `cost` 0 to ``Money/maximum``.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "cost": Money.nonNegativeRange
        ]
        /// The id of the customer the contact was with, `cus_…`.
        public var customerId: String
        /// The medium it went through.
        public var channel: Interaction.Channel
        /// Whether the customer reached out (`in`) or the business did (`out`).
        public var direction: Interaction.Direction
        /// What sort of contact it was.
        public var kind: Interaction.Kind
        /// What was said or done, for a human: 1–4 000 characters after trimming.
        public var summary: String
        /// What serving it cost, in minor units; nil means 0.
        public var cost: Money?
        /// When it happened; nil means now.
        public var at: Timestamp?

        /// Params logging one contact; `cost` and `at` default to nil.
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

    /// The audit target: the new interaction's id.
    public static func auditTarget(params: Params, result: Interaction) -> String? { result.id }
}

/// `carts.update`: the customer's cart now holds these items.
public enum CartsUpdate: RPCMethod {
    /// The method's wire name.
    public static let name = "carts.update"
    /// The method's line for protocol.md.
    public static let summary = "Replaces a customer's cart with these items; the time is kept for the abandoned-cart trigger."
    /// Mutating: it replaces the cart and logs the change.
    public static let isMutating = true
    /// Answers `not_found` for an unknown customer, `not_allowed` for an erased or merged one.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]
    /// The cart after the change, with its total.
    public typealias Result = Cart

    /// A carts.update params value: the customer and the cart's full contents.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the cart's customer, `cus_…`.
        public var customerId: String
        /// Every line now in the cart, at most 500; empty clears it.
        public var items: [OrderItem]
        /// When the cart changed, the start of the abandoned-cart wait; nil means now.
        public var at: Timestamp?

        /// Params setting `customerId`'s cart to `items`.
        public init(customerId: String, items: [OrderItem], at: Timestamp? = nil) {
            self.customerId = customerId
            self.items = items
            self.at = at
        }
    }

    /// The audit target: the customer's id.
    public static func auditTarget(params: Params, result: Cart) -> String? { params.customerId }
}

/// `carts.clear`: the customer emptied the cart.
public enum CartsClear: RPCMethod {
    /// The method's wire name.
    public static let name = "carts.clear"
    /// The method's line for protocol.md.
    public static let summary = "Empties a customer's cart."
    /// Mutating: it deletes the cart and logs the clearing.
    public static let isMutating = true
    /// Answers `not_found` for an unknown customer, `not_allowed` for an erased or merged one.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]
    /// The emptied cart: no items, a zero total.
    public typealias Result = Cart

    /// A carts.clear params value: the customer and when.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the cart's customer, `cus_…`.
        public var customerId: String
        /// When the cart was emptied; nil means now.
        public var at: Timestamp?

        /// Params emptying `customerId`'s cart.
        public init(customerId: String, at: Timestamp? = nil) {
            self.customerId = customerId
            self.at = at
        }
    }

    /// The audit target: the customer's id.
    public static func auditTarget(params: Params, result: Cart) -> String? { params.customerId }
}
