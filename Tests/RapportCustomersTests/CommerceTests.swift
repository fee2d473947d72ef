import GRDB
import RapportCore
import RapportCustomers
import RapportJSON
import RapportStorage
import TestSupport
import Testing

@Suite struct CommerceTests {
    @Test func anOrderIsRecordedOnceWhateverTheRetries() async throws {
        let fixture = try CustomersFixture()
        let customer = try await fixture.call(CustomersCreate.self, .init(name: "Olga"))
        let params = OrdersRecord.Params(
            customerId: customer.id, externalId: "web-1001", amount: Money(minorUnits: 250_000),
            items: [OrderItem(sku: "coffee-1kg", category: "coffee", quantity: 2, price: Money(minorUnits: 125_000))],
            at: CustomersFixture.time("2026-02-01T12:00:00Z"), channel: "web")
        let first = try await fixture.call(OrdersRecord.self, params)
        let retry = try await fixture.call(OrdersRecord.self, params)
        #expect(first.created && !retry.created)
        #expect(retry.order == first.order)
        let stats = try await fixture.call(CustomersGet.self, .init(id: customer.id)).stats
        #expect(stats.orderCount == 1 && stats.totalSpent.minorUnits == 250_000 && stats.averageCheck.minorUnits == 250_000)
        #expect(stats.lastOrderAt == CustomersFixture.time("2026-02-01T12:00:00Z"))
        #expect(fixture.events.value.filter { $0 == "order.recorded" }.count == 1)

        var changed = params
        changed.amount = Money(minorUnits: 1)
        let conflict = await fixture.error(OrdersRecord.self, changed)
        #expect(conflict?.reason == .conflict)
        #expect(conflict?.details["existingId"] == .string(first.order.id))
    }

    @Test func refundsNeverExceedWhatWasPaid() async throws {
        let fixture = try CustomersFixture()
        let customer = try await fixture.call(CustomersCreate.self, .init())
        let order = try await fixture.call(OrdersRecord.self, .init(customerId: customer.id, externalId: "o-1", amount: Money(minorUnits: 10_000)))
            .order
        let part = try await fixture.call(OrdersRefund.self, .init(orderId: order.id, amount: Money(minorUnits: 3_000), reason: "broken cup"))
        #expect(part.order.refunded.minorUnits == 3_000)
        let tooMuch = await fixture.error(OrdersRefund.self, .init(orderId: order.id, amount: Money(minorUnits: 7_001)))
        #expect(tooMuch?.reason == .notAllowed)
        #expect(tooMuch?.details["refundable"] == .integer(7_000))
        let rest = try await fixture.call(OrdersRefund.self, .init(orderId: order.id))
        #expect(rest.refund.amount.minorUnits == 7_000)
        #expect(await fixture.error(OrdersRefund.self, .init(orderId: order.id))?.reason == .notAllowed)
        #expect(await fixture.error(OrdersRefund.self, .init(orderId: "ord_nope"))?.reason == .notFound)
        #expect(try await fixture.call(CustomersGet.self, .init(id: customer.id)).stats.totalSpent == .zero)
    }

    @Test func anotherModuleReactsToAnOrderInItsTransaction() async throws {
        let fixture = try CustomersFixture { events in
            events.on(OrderRecorded.self) { event, context in
                guard event.order.amount.minorUnits < 1_000_000 else { throw RapportError(.notAllowed, "too big for the test ledger") }
                try context.db.execute(sql: "CREATE TABLE IF NOT EXISTS test_ledger (order_id TEXT, points INTEGER)")
                try context.db.execute(
                    sql: "INSERT INTO test_ledger VALUES (?, ?)", arguments: [event.order.id, event.order.amount.minorUnits / 2000])
            }
        }
        let customer = try await fixture.call(CustomersCreate.self, .init())
        _ = try await fixture.call(OrdersRecord.self, .init(customerId: customer.id, externalId: "a", amount: Money(minorUnits: 100_000)))
        #expect(
            await fixture.error(OrdersRecord.self, .init(customerId: customer.id, externalId: "b", amount: Money(minorUnits: 2_000_000)))?.reason
                == .notAllowed)
        let points = try await fixture.store.read { try Int.fetchAll($0.db, sql: "SELECT points FROM test_ledger") }
        #expect(points == [50])
        let stats = try await fixture.call(CustomersGet.self, .init(id: customer.id)).stats
        #expect(stats.orderCount == 1, "the refused order rolled back with the reaction")
        #expect(await fixture.error(OrdersList.self, .init(customerId: "cus_missing"))?.reason == .notFound)
        #expect(try await fixture.call(OrdersList.self, .init(customerId: customer.id)).items.count == 1)
    }

    @Test func interactionsAndCartsBuildTheTimeline() async throws {
        let fixture = try CustomersFixture()
        let customer = try await fixture.call(CustomersCreate.self, .init())
        let base = CustomersFixture.time("2026-01-10T09:00:00Z")
        _ = try await fixture.call(
            CartsUpdate.self, .init(customerId: customer.id, items: [OrderItem(sku: "tea", quantity: 3, price: Money(minorUnits: 500))], at: base))
        let order = try await fixture.call(
            OrdersRecord.self, .init(customerId: customer.id, externalId: "t-1", amount: Money(minorUnits: 1_500), at: base.adding(seconds: 60))
        ).order
        _ = try await fixture.call(CartsClear.self, .init(customerId: customer.id, at: base.adding(seconds: 61)))
        _ = try await fixture.call(
            InteractionsLog.self,
            .init(
                customerId: customer.id, channel: .phone, direction: .in, kind: .call,
                summary: "Asked about delivery", cost: Money(minorUnits: 300), at: base.adding(days: 1)))
        _ = try await fixture.call(OrdersRefund.self, .init(orderId: order.id, amount: Money(minorUnits: 500), at: base.adding(days: 2)))
        var kinds: [String] = []
        var cursor: String?
        repeat {
            let page = try await fixture.call(CustomersTimeline.self, .init(id: customer.id, limit: 2, cursor: cursor))
            kinds += page.items.map(\.kind)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(kinds == ["refund", "interaction", "cart", "order", "cart"])
        let bad = await fixture.error(
            InteractionsLog.self, .init(customerId: customer.id, channel: .sms, direction: .out, kind: .message, summary: "  "))
        #expect(bad?.field == "summary")
        let cartError = await fixture.error(CartsUpdate.self, .init(customerId: customer.id, items: [OrderItem(sku: "x", quantity: 0, price: .zero)]))
        #expect(cartError?.field == "items[0].quantity")
    }

    @Test func exportHoldsEverythingAndEraseRemovesThePerson() async throws {
        let fixture = try CustomersFixture()
        let customer = try await fixture.call(
            CustomersCreate.self,
            .init(name: "Erin Gone", email: "erin@example.com", phone: "+15551234567", birthday: "1990-05-05", attributes: ["pet": "cat"]))
        _ = try await fixture.call(OrdersRecord.self, .init(customerId: customer.id, externalId: "e-1", amount: Money(minorUnits: 4_200)))
        _ = try await fixture.call(
            InteractionsLog.self, .init(customerId: customer.id, channel: .email, direction: .out, kind: .message, summary: "Hello Erin"))
        let export = try await fixture.call(CustomersExport.self, .init(id: customer.id))
        #expect(export.customer.email == "erin@example.com" && export.orders.count == 1 && export.interactions.count == 1)
        #expect(export.erasure == nil)

        let erased = try await fixture.call(CustomersErase.self, .init(id: customer.id))
        #expect(try await fixture.call(CustomersErase.self, .init(id: customer.id)) == erased, "erasing twice answers the first erasure")
        await #expect(throws: RapportError.self) { try await fixture.call(CustomersGet.self, .init(email: "erin@example.com")) }
        await #expect(throws: RapportError.self) { try await fixture.call(CustomersGet.self, .init(phone: "+15551234567")) }
        #expect(try await fixture.call(CustomersSearch.self, .init(query: "Erin")).items.isEmpty)
        let after = try await fixture.call(CustomersExport.self, .init(id: customer.id))
        #expect(after.customer.name == nil && after.customer.email == nil && after.customer.birthday == nil && after.customer.attributes.isEmpty)
        #expect(after.orders.map(\.amount) == [Money(minorUnits: 4_200)], "amounts stay for metrics")
        #expect(after.interactions.map(\.summary) == ["[erased]"])
        #expect(after.erasure?.actor == "embedded:test")
        let refused = await fixture.error(OrdersRecord.self, .init(customerId: customer.id, externalId: "e-2", amount: .zero))
        #expect(refused?.reason == .notAllowed)
        #expect(fixture.events.value.last == "customer.erased")
    }

    @Test func mergeMovesHistoryAndKeepsTheDuplicateFindable() async throws {
        let fixture = try CustomersFixture()
        let keep = try await fixture.call(CustomersCreate.self, .init(name: "Sam", email: "sam@example.com", tags: ["vip"]))
        let duplicate = try await fixture.call(CustomersCreate.self, .init(phone: "+79995550000", tags: ["app"], attributes: ["city": "Omsk"]))
        _ = try await fixture.call(
            OrdersRecord.self,
            .init(customerId: keep.id, externalId: "m-1", amount: Money(minorUnits: 1_000), at: CustomersFixture.time("2026-01-01T00:00:00Z")))
        _ = try await fixture.call(
            OrdersRecord.self,
            .init(customerId: duplicate.id, externalId: "m-2", amount: Money(minorUnits: 3_000), at: CustomersFixture.time("2026-02-01T00:00:00Z")))
        let merged = try await fixture.call(CustomersMerge.self, .init(into: keep.id, from: duplicate.id))
        #expect(merged.phone == "+79995550000" && merged.tags == ["app", "vip"] && merged.attributes["city"] == "Omsk")
        #expect(merged.stats.orderCount == 2 && merged.stats.totalSpent.minorUnits == 4_000)
        #expect(merged.stats.firstOrderAt == CustomersFixture.time("2026-01-01T00:00:00Z"))
        #expect(try await fixture.call(CustomersGet.self, .init(phone: "+79995550000")).id == keep.id)
        #expect(try await fixture.call(CustomersGet.self, .init(id: duplicate.id)).mergedInto == keep.id)
        #expect(await fixture.error(CustomersMerge.self, .init(into: keep.id, from: duplicate.id))?.reason == .notAllowed)
        #expect(await fixture.error(CustomersMerge.self, .init(into: keep.id, from: keep.id))?.reason == .notAllowed)
        #expect(fixture.events.value.contains("customer.merged"))
        #expect(try await fixture.call(CustomersList.self, .init()).items.map(\.id) == [keep.id])
    }
}
