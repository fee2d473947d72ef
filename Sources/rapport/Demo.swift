import ArgumentParser
import Foundation
import Rapport
import RapportCore
import RapportStorage

extension RapportCommand {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill a database with a realistic sample: customers with a year of orders, interactions, carts, points and coupons.",
            discussion: """
                The same --seed, --customers and --until give the same store. Everything goes through the \
                ordinary methods, so the sample is valid data that every method can be tried on:
                  rapport demo --db demo.sqlite && rapport call segments.preview \
                '{"rule":{"field":"daysSinceLastOrder","op":">","value":60}}' --db demo.sqlite
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("How many customers.", valueName: "count"))
        var customers = 300

        @Option(help: ArgumentHelp("About how many orders in all (default: six a customer).", valueName: "count"))
        var orders: Int?

        @Option(help: ArgumentHelp("Seed of every random choice.", valueName: "number"))
        var seed: UInt64 = 1

        @Option(help: ArgumentHelp("End of the simulated year, RFC 3339 (default: the start of today, UTC).", valueName: "time"))
        var until: String?

        func validate() throws {
            guard (1...10_000_000).contains(customers) else { throw ValidationError("--customers must be 1 to 10000000") }
            if let orders, !(0...100_000_000).contains(orders) { throw ValidationError("--orders must be 0 to 100000000") }
            if let until, Timestamp(parsing: until) == nil { throw ValidationError("--until must be an RFC 3339 time such as 2026-11-23T00:00:00Z") }
            if FileManager.default.fileExists(atPath: database.db) {
                throw ValidationError("\(database.db) exists; the demo fills a new database")
            }
        }

        func run() async throws {
            let end =
                until.flatMap(Timestamp.init(parsing:))
                ?? {
                    let now = SystemWallClock().now().millisecondsSince1970
                    return Timestamp(millisecondsSince1970: now - now % 86_400_000)
                }()
            let engine = try Engine(
                configuration: EngineConfiguration(
                    databasePath: database.db,
                    storeOptions: StoreOptions(durability: .normal, identifiers: IdentifierSource(seed: seed))))
            defer { engine.close() }
            let started = ContinuousClock.now
            let summary = try await DemoGenerator(customers: customers, orders: orders, seed: seed, until: end) { line in
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                FileHandle.standardError.write(Data("\(String(format: "%6.0f", seconds)) s  \(line)\n".utf8))
            }.run(on: engine)
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            print(
                """
                \(database.db): \(summary.customers) customers, \(summary.orders) orders, \(summary.refunds) refunds, \
                \(summary.interactions) interactions, \(summary.carts) carts, \(summary.referrals) referrals, \
                \(summary.redemptions) redemptions, \(summary.coupons) coupons, \(summary.surveyResponses) survey responses, \
                \(summary.npsAnswers) NPS answers, \(summary.reviews) reviews, \(summary.complaints) complaints in \(String(format: "%.1f", seconds)) s
                """)
        }
    }
}
