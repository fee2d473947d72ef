import RapportCore
public import RapportJSON

/// The tiers of a program and how customers move between them.
///
/// Standard: Silver from 0, Gold from 50,000.00 and Platinum from 150,000.00 spent (net of
/// refunds) in the last 365 days; multipliers ×1, ×1.25, ×1.5; a customer who falls below keeps the
/// tier for 30 days of grace from the evaluation that first found it.
public struct TierPolicy: LoyaltySetting, JSONSchemaDocumented {
    /// The setting's row name in `loyalty_config`, `tiers`.
    public static let settingName = "tiers"

    /// Lowest first; the first has threshold 0.
    public var tiers: [Tier]
    /// The qualifying window, `"365d"`.
    public var window: String
    /// What thresholds count: money spent (minor units) or points earned.
    public var qualifyingOn: Qualifying
    /// How customers who fall below are moved down.
    public var downgrade: Downgrade

    /// One tier: its name, threshold, earning multiplier and perks.
    public struct Tier: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range the decoder enforces on `threshold`: 0 to ``Money/maximumTotal``.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "threshold": 0...Money.maximumTotal
        ]
        /// The tier's name, 1–40 characters without surrounding spaces, unique in the policy.
        public var name: String
        /// Spend (minor units) or points in the window from which the tier applies.
        public var threshold: Int64
        /// Earning multiplier, in steps of 0.01 (1.25 = 25% more points).
        public var multiplier: Double
        /// What members get, as text for people.
        public var perks: [String]

        /// A tier as given, by default without perks; checked when the policy is saved.
        public init(name: String, threshold: Int64, multiplier: Double, perks: [String] = []) {
            self.name = name
            self.threshold = threshold
            self.multiplier = multiplier
            self.perks = perks
        }

        /// The multiplier in hundredths (1.25 → 125).
        var multiplierHundredths: Int64 { Int64((multiplier * 100).rounded()) }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "name": "The tier's name, 1–40 characters, unique.",
            "threshold":
                "Spend in minor units (or points, with qualifyingOn points) in the window from which the tier applies; the first tier's is 0.",
            "multiplier": "Earning multiplier, 1 to 10 in steps of 0.01.",
            "perks": "What members get, as text for people.",
        ]
    }

    /// A policy as given; checked when `tiers.configure` saves it.
    public init(tiers: [Tier], window: String, qualifyingOn: Qualifying, downgrade: Downgrade) {
        self.tiers = tiers
        self.window = window
        self.qualifyingOn = qualifyingOn
        self.downgrade = downgrade
    }

    /// What tier thresholds count.
    public enum Qualifying: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// `spend`: money spent net of refunds, in minor units; `points`: points earned or granted, net of reversals.
        case spend, points
    }

    /// How customers who fall below their tier are moved down.
    public struct Downgrade: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range the decoder enforces on `graceDays`: 0 to 3650.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "graceDays": CountRange.days
        ]
        /// Days a customer keeps the tier after an evaluation first finds them below it.
        public var graceDays: Int64

        /// A downgrade after `graceDays` days of grace.
        public init(graceDays: Int64) { self.graceDays = graceDays }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = ["graceDays": "Days a customer keeps the tier after an evaluation first finds them below it (0–3650)."]
    }

    /// A store's tiers until configured: Silver, Gold (50,000.00, ×1.25), Platinum (150,000.00, ×1.5); 365 days, 30 of grace.
    public static let standard = TierPolicy(
        tiers: [
            Tier(name: "Silver", threshold: 0, multiplier: 1),
            Tier(name: "Gold", threshold: 5_000_000, multiplier: 1.25, perks: ["free delivery"]),
            Tier(name: "Platinum", threshold: 15_000_000, multiplier: 1.5, perks: ["free delivery", "personal manager"]),
        ],
        window: "365d", qualifyingOn: .spend, downgrade: Downgrade(graceDays: 30))

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "tiers": "1–20 tiers `{name, threshold, multiplier, perks}`, lowest first, thresholds rising from 0.",
        "window": "The qualifying window in days, such as \"365d\".",
        "qualifyingOn": "spend (net of refunds, minor units) or points (earned, net of reversals).",
        "downgrade": "`{graceDays}`: how long a customer keeps a tier after falling below it.",
    ]

    /// The window in days.
    var windowDays: Int64 { (try? DayCount.parse(window, field: "window")) ?? 365 }

    /// The base tier.
    var base: Tier { tiers[0] }

    /// The position of the tier named `name` (0 for an unknown or absent name: the base).
    func rank(of name: String?) -> Int {
        guard let name else { return 0 }
        return tiers.firstIndex { $0.name == name } ?? 0
    }

    /// The highest tier whose threshold `qualifying` reaches.
    func rank(qualifying: Int64) -> Int {
        tiers.lastIndex { $0.threshold <= qualifying } ?? 0
    }

    /// Checks the policy, naming the first field that is wrong.
    func validated() throws(RapportError) -> TierPolicy {
        guard (1...20).contains(tiers.count) else { throw RapportError.invalid("tiers", "give 1 to 20 tiers") }
        var names = Set<String>()
        for (index, tier) in tiers.enumerated() {
            let field = "tiers[\(index)]"
            guard (1...40).contains(tier.name.count), tier.name.trimmingWhitespace == tier.name else {
                throw RapportError.invalid("\(field).name", "a tier name holds 1 to 40 characters without surrounding spaces")
            }
            guard names.insert(tier.name).inserted else { throw RapportError.invalid("\(field).name", "tier \"\(tier.name)\" is named twice") }
            if index == 0 {
                guard tier.threshold == 0 else { throw RapportError.invalid("\(field).threshold", "the first tier's threshold must be 0") }
            } else {
                guard tier.threshold > tiers[index - 1].threshold else {
                    throw RapportError.invalid("\(field).threshold", "thresholds must rise from one tier to the next")
                }
            }
            guard tier.multiplier.isFinite, (1...10).contains(tier.multiplier),
                abs(tier.multiplier * 100 - (tier.multiplier * 100).rounded()) < 1e-6
            else {
                throw RapportError.invalid("\(field).multiplier", "a multiplier is 1 to 10 in steps of 0.01")
            }
            guard tier.perks.count <= 20, tier.perks.allSatisfy({ (1...200).contains($0.count) }) else {
                throw RapportError.invalid("\(field).perks", "at most 20 perks of 1 to 200 characters")
            }
        }
        _ = try DayCount.parse(window, field: "window")
        guard CountRange.days.contains(downgrade.graceDays) else {
            throw RapportError.invalid("downgrade.graceDays", "graceDays must be 0 to 3650")
        }
        return self
    }
}
