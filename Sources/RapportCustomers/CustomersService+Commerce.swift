import GRDB
import RapportCore
import RapportStorage

extension CustomersService {
    func recordOrder(_ params: OrdersRecord.Params, in context: WriteContext) throws -> OrdersRecord.Result {
        let db = context.db
        let externalId = try FieldValidation.externalId(params.externalId)
        let items = try Self.validated(params.items ?? [], field: "items")
        guard params.amount.minorUnits >= 0 else { throw RapportError.invalid("amount", "amount must be 0 or more") }
        let channel = try params.channel.map { try FieldValidation.word($0, field: "channel") }
        let existingID = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM \"order\" WHERE external_id = ?"), arguments: [externalId])
        if let existingID {
            let existing = try OrderRow.order(existingID, in: db, field: "externalId")
            guard existing.customerId == params.customerId, existing.amount == params.amount, params.items == nil || existing.items == items else {
                throw RapportError(
                    .conflict,
                    "order \(externalId) was already recorded as \(existing.id) with other details (customer \(existing.customerId), amount \(existing.amount.minorUnits))",
                    field: "externalId", details: ["existingId": .string(existing.id)])
            }
            return OrdersRecord.Result(order: existing, created: false)
        }
        let orderCount = try CustomerRow.requireActiveOrderCount(params.customerId, in: db, field: "customerId")
        let at = params.at ?? context.now
        let order = Order(
            id: context.newID("ord", at: at), customerId: params.customerId, externalId: externalId, amount: params.amount,
            refunded: .zero, channel: channel, items: items, at: at)
        try db.cachedStatement(
            sql: """
                INSERT INTO "order" (id, customer_id, external_id, amount, channel, at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            order.id, order.customerId, externalId, order.amount.minorUnits, channel, at.millisecondsSince1970,
            context.now.millisecondsSince1970,
        ])
        let insertItem = try db.cachedStatement(
            sql: """
                INSERT INTO order_item (order_id, position, sku, category, quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?)
                """)
        for (position, item) in items.enumerated() {
            try insertItem.execute(arguments: [order.id, position, item.sku, item.category, item.quantity, item.price.minorUnits])
        }
        // The total stays within Money.maximumTotal, so SQLite never turns it into a float on overflow.
        try db.cachedStatement(
            sql: """
                UPDATE customer SET order_count = order_count + 1, total_spent = total_spent + ?1,
                    first_order_at = min(coalesce(first_order_at, ?2), ?2), last_order_at = max(coalesce(last_order_at, ?2), ?2)
                WHERE id = ?3 AND total_spent <= ?4 - ?1
                """
        ).execute(arguments: [order.amount.minorUnits, at.millisecondsSince1970, order.customerId, Money.maximumTotal])
        guard db.changesCount == 1 else {
            throw RapportError(
                .limitExceeded, "\(order.customerId)'s total spent would pass \(Money.maximumTotal) minor units", field: "amount",
                details: ["limit": "maximumTotal", "max": .integer(Money.maximumTotal)])
        }
        try context.raise(OrderRecorded(order: order, isFirstOrder: orderCount == 0))
        if orderCount > 0 {
            try context.raise(CustomerActionPerformed(customerId: order.customerId, action: .repeatOrder, reference: order.id, at: at))
        }
        return OrdersRecord.Result(order: order, created: true)
    }

    func refund(_ params: OrdersRefund.Params, in context: WriteContext) throws -> OrdersRefund.Result {
        let db = context.db
        var order = try OrderRow.order(params.orderId, in: db, field: "orderId")
        let remaining = order.amount.minorUnits - order.refunded.minorUnits
        let amount = params.amount?.minorUnits ?? remaining
        guard remaining > 0 else { throw RapportError(.notAllowed, "order \(order.id) is already refunded in full", field: "orderId") }
        guard amount > 0 else { throw RapportError.invalid("amount", "a refund must be more than 0") }
        guard amount <= remaining else {
            throw RapportError(
                .notAllowed, "only \(remaining) of order \(order.id) is left to refund, not \(amount)", field: "amount",
                details: ["refundable": .integer(remaining)])
        }
        let reason = try params.reason.map { try TextInput.text($0, field: "reason", max: 500) }
        let at = params.at ?? context.now
        let refund = Refund(
            id: context.newID("ref", at: at), orderId: order.id, customerId: order.customerId,
            amount: Money(minorUnits: amount), reason: reason, at: at)
        try db.execute(
            sql: "INSERT INTO refund (id, order_id, customer_id, amount, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [refund.id, order.id, order.customerId, amount, reason, at.millisecondsSince1970])
        try db.execute(sql: "UPDATE \"order\" SET refunded = refunded + ? WHERE id = ?", arguments: [amount, order.id])
        try db.execute(sql: "UPDATE customer SET total_spent = total_spent - ? WHERE id = ?", arguments: [amount, order.customerId])
        order.refunded = Money(minorUnits: order.refunded.minorUnits + amount)
        try context.raise(OrderRefunded(refund: refund, order: order))
        return OrdersRefund.Result(refund: refund, order: order)
    }

    func listOrders(_ params: OrdersList.Params, in db: Database) throws -> Page<Order> {
        let limit = try Pagination.limit(params.limit)
        var filter = SQLFilter()
        if let customerId = params.customerId {
            _ = try CustomerRow.require(customerId, in: db, field: "customerId")
            filter.add("o.customer_id = ?", customerId)
        }
        if let before = try Pagination.id(fromCursor: params.cursor) { filter.add("o.id < ?", before) }
        let orders = try OrderRow.orders(where: filter.condition, filter.arguments, order: "o.id DESC", limit: limit + 1, in: db)
        return Pagination.page(orders, limit: limit) { $0.id }
    }

    func logInteraction(_ params: InteractionsLog.Params, in context: WriteContext) throws -> Interaction {
        let customer = try CustomerRow.requireActive(params.customerId, in: context.db, field: "customerId")
        let summary = try TextInput.required(params.summary, field: "summary", max: 4000)
        let cost = params.cost ?? .zero
        guard cost.minorUnits >= 0 else { throw RapportError.invalid("cost", "cost must be 0 or more") }
        let at = params.at ?? context.now
        let interaction = Interaction(
            id: context.newID("int", at: at), customerId: customer.id, channel: params.channel,
            direction: params.direction, kind: params.kind, summary: summary, cost: cost, at: at)
        try context.db.cachedStatement(sql: "INSERT INTO interaction (\(OrderRow.interactionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [
                interaction.id, customer.id, params.channel.rawValue, params.direction.rawValue, params.kind.rawValue,
                summary, cost.minorUnits, at.millisecondsSince1970,
            ])
        try context.raise(InteractionLogged(interaction: interaction))
        return interaction
    }

    func updateCart(customerId: String, items: [OrderItem], at requested: Timestamp?, in context: WriteContext) throws -> Cart {
        let customer = try CustomerRow.requireActive(customerId, in: context.db, field: "customerId")
        let items = try Self.validated(items, field: "items")
        let at = requested ?? context.now
        var total: Int64 = 0
        for item in items {
            let (line, overflow) = item.price.minorUnits.multipliedReportingOverflow(by: item.quantity)
            guard !overflow else { throw RapportError.invalid("items", "the cart's total overflows") }
            total = try Money(minorUnits: total).adding(Money(minorUnits: line)).minorUnits
        }
        let cart = Cart(customerId: customer.id, items: items, total: Money(minorUnits: total), updatedAt: at)
        let itemsJSON = try CustomerRow.encodeJSON(items)
        if items.isEmpty {
            try context.db.execute(sql: "DELETE FROM cart WHERE customer_id = ?", arguments: [customer.id])
        } else {
            try context.db.execute(
                sql: """
                    INSERT INTO cart (customer_id, items, total, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (customer_id) DO UPDATE SET items = excluded.items, total = excluded.total, updated_at = excluded.updated_at
                    """, arguments: [customer.id, itemsJSON, total, at.millisecondsSince1970])
        }
        try context.db.execute(
            sql: "INSERT INTO cart_event (id, customer_id, kind, items, total, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                context.newID("crt", at: at), customer.id, items.isEmpty ? "cleared" : "updated",
                itemsJSON, total, at.millisecondsSince1970,
            ])
        try context.raise(CartUpdated(cart: cart))
        return cart
    }

    /// Items checked line by line: at most 500, a SKU of 1–128 bytes, quantity ≥ 1, price ≥ 0.
    static func validated(_ items: [OrderItem], field: String) throws(RapportError) -> [OrderItem] {
        guard items.count <= 500 else { throw RapportError.invalid(field, "at most 500 items") }
        for (index, item) in items.enumerated() {
            guard (1...128).contains(item.sku.utf8.count) else {
                throw RapportError.invalid("\(field)[\(index)].sku", "sku must hold 1 to 128 bytes")
            }
            guard item.quantity >= 1 else { throw RapportError.invalid("\(field)[\(index)].quantity", "quantity must be at least 1") }
            guard item.price.minorUnits >= 0 else { throw RapportError.invalid("\(field)[\(index)].price", "price must be 0 or more") }
            if let category = item.category, category.utf8.count > 128 {
                throw RapportError.invalid("\(field)[\(index)].category", "category may hold at most 128 bytes")
            }
        }
        return items
    }
}
