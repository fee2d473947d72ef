public import RapportCore
import RapportCustomers
import RapportFeedback
import RapportJSON
import RapportLoyalty
import RapportRPC
import Synchronization

/// Fills a store with a realistic, reproducible sample: customers with a year of orders, items,
/// interactions and carts, the points those orders earned, referrals, redemptions and coupons,
/// and a year of feedback: survey answers, NPS, reviews from several platforms (some negative,
/// some answered late, some compensated) and complaints.
///
/// Everything goes through the same methods clients call (so it is validated, audited and raises
/// events that later modules react to), submitted in bulk so that group commit batches it. The
/// same seed, size and end date give the same store: data comes from a seeded generator and the
/// engine should be opened with `IdentifierSource(seed:)` for identical ids.
public struct DemoGenerator: Sendable {
    /// How many customers.
    public var customers: Int
    /// About how many orders in all (the default: six a customer on average).
    public var orders: Int
    /// The seed of every random choice.
    public var seed: UInt64
    /// The end of the simulated year.
    public var until: Timestamp
    /// Told how far a long run has come after each batch of customers (a line such as
    /// "50000 of 1000000 customers, 498213 orders"), when there is more than one batch.
    public var progress: (@Sendable (String) -> Void)?

    /// A generator of `customers` customers and about `orders` orders (default six a customer) over the year before `until`.
    public init(customers: Int, orders: Int? = nil, seed: UInt64 = 1, until: Timestamp, progress: (@Sendable (String) -> Void)? = nil) {
        self.customers = customers
        self.orders = orders ?? customers * 6
        self.seed = seed
        self.until = until
        self.progress = progress
    }

    /// What was generated.
    public struct Summary: Sendable, Hashable, Codable {
        /// Customers created.
        public var customers = 0
        /// Orders recorded.
        public var orders = 0
        /// Partial refunds made (about one order in 25).
        public var refunds = 0
        /// Interactions logged (about one order in four).
        public var interactions = 0
        /// Open carts left (about one customer in eight).
        public var carts = 0
        /// Referral links made from a new customer to an earlier one.
        public var referrals = 0
        /// Point redemptions (about one customer in five with orders).
        public var redemptions = 0
        /// Birthday coupons issued, used or not.
        public var coupons = 0
        /// After-order survey answers (about one order in four).
        public var surveyResponses = 0
        /// NPS answers (about one customer in ten with orders in each batch).
        public var npsAnswers = 0
        /// Platform reviews recorded (about one order in twelve).
        public var reviews = 0
        /// Complaints opened (about one order in forty).
        public var complaints = 0
    }

    private static let firstNames = [
        "Anna", "Boris", "Vera", "Dmitry", "Elena", "Fyodor", "Galina", "Igor", "Irina", "Kirill",
        "Larisa", "Maxim", "Nina", "Oleg", "Polina", "Roman", "Sofia", "Timur", "Ulyana", "Yuri",
    ]
    private static let lastNames = [
        "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov", "Mikhailov",
        "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev", "Semenov",
    ]
    private static let products: [(sku: String, category: String, price: Int64)] = [
        ("espresso-beans-1kg", "coffee", 185_000), ("filter-beans-250g", "coffee", 65_000), ("decaf-250g", "coffee", 70_000),
        ("green-tea-100g", "tea", 45_000), ("black-tea-100g", "tea", 39_000), ("moka-pot", "equipment", 320_000),
        ("grinder", "equipment", 890_000), ("mug", "merch", 90_000), ("croissant", "bakery", 18_000), ("cheesecake", "bakery", 35_000),
    ]
    private static let sources = ["organic", "organic", "organic", "referral", "ad", "ad", "import"]
    private static let channels = ["web", "web", "store", "store", "store", "app"]
    private static let tags = ["coffee-lover", "tea", "wholesale", "vip", "student", "office"]

    /// Generates the sample through `engine`'s methods, a batch of customers at a time so that a
    /// store of millions never holds more than one batch in memory.
    public func run(on engine: Engine) async throws -> Summary {
        var random = SplitMix64(state: seed)
        let shared = try await createSharedRecords(on: engine)
        var summary = Summary()
        var everyone: [String] = []
        var referralCodes: [String: String] = [:]
        let purchases = DemoPurchases(ordersPerCustomer: Double(orders) / Double(customers), historyDays: Double(Self.days), seed: seed)
        for first in stride(from: 0, to: customers, by: Self.batchSize) {
            let indices = first..<min(customers, first + Self.batchSize)
            let created = try await createCustomers(indices, using: &random, on: engine)
            summary.customers += created.count
            summary.referrals += try await linkReferrals(created, after: &everyone, codes: &referralCodes, using: &random, on: engine)
            let orders = try await recordOrders(of: created, firstIndex: first, purchases: purchases, summary: &summary, using: &random, on: engine)
            summary.redemptions += try await redeemPoints(orders, using: &random, on: engine)
            summary.coupons += try await issueBirthdayCoupons(created, offerId: shared.birthdayOffer, using: &random, on: engine)
            try await addFeedback(orders, surveyId: shared.survey, summary: &summary, using: &random, on: engine)
            if customers > Self.batchSize {
                progress?("\(summary.customers) of \(customers) customers, \(summary.orders) orders")
            }
        }
        return summary
    }

    /// Customers generated, recorded and given their feedback together: large enough for group
    /// commit to gather big transactions, small enough to keep memory flat.
    private static let batchSize = 25_000

    /// The records every batch refers to: the birthday offer and the after-order survey.
    private func createSharedRecords(on engine: Engine) async throws -> (birthdayOffer: String, survey: String) {
        let offer = try await engine.call(
            OffersCreate.self,
            .init(name: "Birthday: 500.00 off", kind: .amount, value: 50_000, validDays: 30, perCustomerLimit: 1))
        let survey = try await engine.call(
            SurveysCreate.self,
            .init(
                name: "After your order", purpose: .afterOrder,
                questions: [
                    .init(id: "recommend", kind: .nps, text: "How likely are you to recommend us to a friend?", required: true),
                    .init(id: "taste", kind: .rating, text: "How did you like what you bought?"),
                    .init(id: "better", kind: .text, text: "What could we do better?"),
                ], allowMultiple: true, at: until.adding(days: -Self.days - 1)))
        return (offer.id, survey.id)
    }

    /// The simulated history's length: customers join in its first half.
    private static let days: Int64 = 365

    private func createCustomers(_ indices: Range<Int>, using random: inout SplitMix64, on engine: Engine) async throws -> [Customer] {
        let start = until.adding(days: -Self.days)
        var creations: [CustomersCreate.Params] = []
        creations.reserveCapacity(indices.count)
        for index in indices {
            let first = Self.firstNames.randomElement(using: &random)!
            let last = Self.lastNames.randomElement(using: &random)!
            let month = Int64.random(in: 1...12, using: &random)
            let day = Int64.random(in: 1...28, using: &random)
            let hasBirthday = Int.random(in: 0..<10, using: &random) < 7
            creations.append(
                CustomersCreate.Params(
                    name: "\(first) \(last)",
                    email: Int.random(in: 0..<10, using: &random) < 8 ? "\(first.lowercased()).\(last.lowercased()).\(index)@example.com" : nil,
                    phone: Int.random(in: 0..<10, using: &random) < 6 ? "+79\(String(1_000_000_000 + index).suffix(9))" : nil,
                    birthday: hasBirthday ? "--\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)" : nil,
                    externalId: "demo-\(index)",
                    locale: "ru-RU",
                    tags: Int.random(in: 0..<3, using: &random) == 0 ? [Self.tags.randomElement(using: &random)!] : [],
                    attributes: ["visits": .int(Int64.random(in: 0...40, using: &random))],
                    consent: ConsentChange(email: Bool.random(using: &random), sms: Int.random(in: 0..<4, using: &random) == 0),
                    source: Self.sources.randomElement(using: &random)!,
                    at: start.adding(seconds: Int64.random(in: 0..<(Self.days * 86_400 / 2), using: &random))))
        }
        return try await submitAll(CustomersCreate.self, creations, on: engine)
    }

    /// Records a batch's orders, bought as ``DemoPurchases`` tells, and their refunds,
    /// interactions and carts.
    private func recordOrders(
        of created: [Customer], firstIndex: Int, purchases: DemoPurchases, summary: inout Summary, using random: inout SplitMix64,
        on engine: Engine
    ) async throws -> [Order] {
        var orders: [OrdersRecord.Params] = []
        var interactions: [InteractionsLog.Params] = []
        var carts: [CartsUpdate.Params] = []
        for (offset, customer) in created.enumerated() {
            let index = firstIndex + offset
            let start = until.adding(days: -Self.days).millisecondsSince1970
            let joined = Double(customer.createdAt.millisecondsSince1970 - start) / 86_400_000
            let appetite = DemoPurchases.appetite(using: &random)
            let days = self.orders > 0 ? purchases.days(joined: joined, until: Double(Self.days), using: &random) : []
            for (visit, day) in days.enumerated() {
                let time = Timestamp(millisecondsSince1970: start + Int64(day * 86_400_000))
                var items: [OrderItem] = []
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let product = Self.products.randomElement(using: &random)!
                    items.append(
                        OrderItem(
                            sku: product.sku, category: product.category, quantity: appetite * Int64.random(in: 1...3, using: &random),
                            price: Money(minorUnits: product.price)))
                }
                let amount = items.reduce(0) { $0 + $1.price.minorUnits * $1.quantity }
                orders.append(
                    OrdersRecord.Params(
                        customerId: customer.id, externalId: "demo-\(index)-\(visit)", amount: Money(minorUnits: amount),
                        items: items, at: time, channel: Self.channels.randomElement(using: &random)!))
                if Int.random(in: 0..<4, using: &random) == 0 {
                    interactions.append(
                        InteractionsLog.Params(
                            customerId: customer.id, channel: [.email, .messenger, .phone, .chat].randomElement(using: &random)!,
                            direction: Bool.random(using: &random) ? .in : .out, kind: [.message, .call, .support].randomElement(using: &random)!,
                            summary: ["Asked about delivery", "Thanked for the order", "Complained about a late courier", "Wanted a wholesale price"]
                                .randomElement(using: &random)!,
                            cost: Money(minorUnits: Int64.random(in: 0...5_000, using: &random)), at: time.adding(seconds: 3600)))
                }
            }
            if Int.random(in: 0..<8, using: &random) == 0 {
                let product = Self.products.randomElement(using: &random)!
                carts.append(
                    CartsUpdate.Params(
                        customerId: customer.id,
                        items: [OrderItem(sku: product.sku, category: product.category, quantity: 1, price: Money(minorUnits: product.price))],
                        at: until.adding(seconds: -Int64.random(in: 3600...(5 * 86_400), using: &random))))
            }
        }
        let recorded = try await submitAll(OrdersRecord.self, orders, on: engine).map(\.order)
        var refunds: [OrdersRefund.Params] = []
        for order in recorded where Int.random(in: 0..<25, using: &random) == 0 {
            refunds.append(
                OrdersRefund.Params(
                    orderId: order.id, amount: Money(minorUnits: order.amount.minorUnits / 2), reason: "partial return", at: order.at.adding(days: 3))
            )
        }
        _ = try await submitAll(OrdersRefund.self, refunds, on: engine)
        _ = try await submitAll(InteractionsLog.self, interactions, on: engine)
        _ = try await submitAll(CartsUpdate.self, carts, on: engine)
        summary.orders += recorded.count
        summary.refunds += refunds.count
        summary.interactions += interactions.count
        summary.carts += carts.count
        return recorded
    }

    /// Links customers who came by referral to an earlier customer, before anyone orders; their
    /// first order of 1,000.00 or more converts the referral. `everyone` gains the batch.
    private func linkReferrals(
        _ created: [Customer], after everyone: inout [String], codes: inout [String: String], using random: inout SplitMix64,
        on engine: Engine
    ) async throws -> Int {
        var links: [(referee: Customer, referrer: String)] = []
        for customer in created {
            if customer.source == "referral", !everyone.isEmpty {
                links.append((customer, everyone[Int.random(in: 0..<everyone.count, using: &random)]))
            }
            everyone.append(customer.id)
        }
        let newReferrers = Array(Set(links.map(\.referrer)).filter { codes[$0] == nil }).sorted()
        for code in try await submitAll(ReferralsCode.self, newReferrers.map { ReferralsCode.Params(customerId: $0) }, on: engine) {
            codes[code.customerId] = code.code
        }
        _ = try await submitAll(
            ReferralsLink.self,
            links.map { ReferralsLink.Params(customerId: $0.referee.id, code: codes[$0.referrer]!, at: $0.referee.createdAt) }, on: engine)
        return links.count
    }

    /// One customer in five with orders spends half of their available points a day after their last order.
    private func redeemPoints(_ orders: [Order], using random: inout SplitMix64, on engine: Engine) async throws -> Int {
        var lastOrder: [String: Timestamp] = [:]
        for order in orders { lastOrder[order.customerId] = max(lastOrder[order.customerId] ?? order.at, order.at) }
        let chosen = lastOrder.keys.sorted().filter { _ in Int.random(in: 0..<5, using: &random) == 0 }
        let balances = try await submitAll(
            LoyaltyBalance.self,
            chosen.map {
                LoyaltyBalance.Params(customerId: $0, at: lastOrder[$0]!.adding(days: 1))
            }, on: engine)
        let redemptions = balances.filter { $0.available >= 20 }.map {
            LoyaltyRedeem.Params(customerId: $0.customerId, points: $0.available / 2, at: $0.at)
        }
        _ = try await submitAll(LoyaltyRedeem.self, redemptions, on: engine)
        return redemptions.count
    }

    /// A birthday coupon for one customer in ten with a birthday, and half of them used.
    private func issueBirthdayCoupons(_ created: [Customer], offerId: String, using random: inout SplitMix64, on engine: Engine) async throws -> Int {
        let issuedAt = until.adding(days: -20)
        let chosen = created.filter { $0.birthday != nil && Int.random(in: 0..<10, using: &random) == 0 }
        let coupons = try await submitAll(
            CouponsIssue.self,
            chosen.map {
                CouponsIssue.Params(offerId: offerId, customerId: $0.id, at: issuedAt)
            }, on: engine)
        let used = coupons.filter { _ in Bool.random(using: &random) }
        _ = try await submitAll(CouponsRedeem.self, used.map { CouponsRedeem.Params(code: $0.code, at: issuedAt.adding(days: 10)) }, on: engine)
        return coupons.count
    }

    /// A year of feedback on the orders: one order in four answered in the after-order survey,
    /// one customer in ten asked the NPS question, one order in twelve reviewed on a platform
    /// (negative ones answered by staff, in time or late, after the bot's reply, and some
    /// compensated with points), one order in forty complained about.
    private func addFeedback(
        _ orders: [Order], surveyId: String, summary: inout Summary, using random: inout SplitMix64, on engine: Engine
    ) async throws {
        func score() -> Int64 {
            switch Int.random(in: 0..<20, using: &random) {
            case 0..<11: Int64.random(in: 9...10, using: &random)
            case 11..<16: Int64.random(in: 7...8, using: &random)
            default: Int64.random(in: 0...6, using: &random)
            }
        }
        let suggestions = ["More seats by the window", "Faster delivery", "Oat milk, please", "Cheaper beans in bulk", ""]
        var responses: [SurveysRespond.Params] = []
        var reviews: [ReviewInput] = []
        var complaints: [ComplaintsOpen.Params] = []
        let sources: [Review.Source] = [.yandexMaps, .yandexMaps, .google, .twoGIS, .otzovik, .internal, .appStore]
        for order in orders {
            if Int.random(in: 0..<4, using: &random) == 0 {
                responses.append(
                    SurveysRespond.Params(
                        surveyId: surveyId, customerId: order.customerId, orderId: order.id,
                        answers: [
                            "recommend": .int(score()), "taste": .int(Int64.random(in: 2...5, using: &random)),
                            "better": .string(suggestions.randomElement(using: &random)!),
                        ], at: order.at.adding(seconds: 7200)))
            }
            if Int.random(in: 0..<12, using: &random) == 0 {
                let rating = [1, 2, 3, 4, 4, 5, 5, 5, 5, 5][Int.random(in: 0..<10, using: &random)]
                reviews.append(
                    ReviewInput(
                        source: sources.randomElement(using: &random)!, externalId: "demo-review-\(order.id)", rating: Int64(rating),
                        text: rating <= 3 ? "The courier was late and the coffee cold" : "Lovely coffee, friendly staff",
                        customerId: Bool.random(using: &random) ? order.customerId : nil,
                        topics: rating <= 3 ? [["delivery"], ["staff"], ["quality"]].randomElement(using: &random)! : ["staff"],
                        at: order.at.adding(seconds: Int64.random(in: 3600...86_400, using: &random))))
            }
            if Int.random(in: 0..<40, using: &random) == 0 {
                complaints.append(
                    ComplaintsOpen.Params(
                        customerId: order.customerId, category: Complaint.Category.allCases.randomElement(using: &random)!,
                        text: "Not what I expected", channel: "phone", orderId: order.id, at: order.at.adding(days: 1)))
            }
        }
        let customers = Array(Set(orders.map(\.customerId))).sorted().filter { _ in Int.random(in: 0..<10, using: &random) == 0 }
        let npsAnswers = customers.map { customerId in
            NPSSubmit.Params(
                customerId: customerId, score: score(), channel: "bot",
                at: until.adding(seconds: -Int64.random(in: 86_400...(300 * 86_400), using: &random)))
        }
        _ = try await submitAll(SurveysRespond.self, responses, on: engine)
        _ = try await submitAll(NPSSubmit.self, npsAnswers, on: engine)
        let recorded = try await submitAll(ReviewsRecord.self, reviews, on: engine).map(\.review)
        let opened = try await submitAll(ComplaintsOpen.self, complaints, on: engine)
        var replies: [RespondParams] = []
        var resolutions: [ResolveParams] = []
        for review in recorded where review.negative {
            let opened = review.at
            replies.append(
                RespondParams(id: review.id, text: "Thank you, we will look into it", by: "shop-bot", byKind: .bot, at: opened.adding(seconds: 60)))
            guard Int.random(in: 0..<5, using: &random) > 0 else { continue }  // one in five never answered
            let late = Int.random(in: 0..<4, using: &random) == 0
            let answeredAt = opened.adding(
                seconds: late ? Int64.random(in: 4 * 3600...30 * 3600, using: &random) : Int64.random(in: 600...7200, using: &random))
            replies.append(
                RespondParams(id: review.id, text: "We are sorry. We have spoken to the team.", by: "Olga", byKind: .staff, at: answeredAt))
            if review.customerId != nil, Bool.random(using: &random) {
                resolutions.append(
                    ResolveParams(
                        id: review.id, resolution: "Apologised; bonus points", compensation: .init(points: 200), at: answeredAt.adding(seconds: 600)))
            }
        }
        for complaint in opened where Int.random(in: 0..<10, using: &random) < 7 {
            let answeredAt = complaint.at.adding(seconds: Int64.random(in: 1800...(30 * 3600), using: &random))
            replies.append(RespondParams(id: complaint.id, text: "We are on it", by: "Ivan", byKind: .staff, at: answeredAt))
            resolutions.append(ResolveParams(id: complaint.id, resolution: "Replaced the order", at: answeredAt.adding(seconds: 3600)))
        }
        _ = try await submitAll(FeedbackRespond.self, replies, on: engine)
        _ = try await submitAll(FeedbackResolve.self, resolutions, on: engine)
        summary.surveyResponses += responses.count
        summary.npsAnswers += npsAnswers.count
        summary.reviews += recorded.count
        summary.complaints += opened.count
    }

    /// Submits every call at once, in order (so ids come out in the same order on every run),
    /// and waits for all results. Group commit gathers them into large transactions.
    private func submitAll<M: RPCMethod>(_ method: M.Type, _ calls: [M.Params], on engine: Engine) async throws -> [M.Result] {
        let chunk = 4096
        var results: [M.Result] = []
        results.reserveCapacity(calls.count)
        for start in stride(from: 0, to: calls.count, by: chunk) {
            results += try await engine.callAll(method, Array(calls[start..<min(calls.count, start + chunk)]))
        }
        return results
    }
}
