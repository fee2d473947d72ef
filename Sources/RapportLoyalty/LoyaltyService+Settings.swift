import GRDB
import RapportCore
import RapportCustomers
import RapportStorage

/// The loyalty room's configuration methods and the reads that answer a method directly.
extension LoyaltyService {
    /// `loyalty.configure`: the program with the given fields changed, validated and saved.
    func configure(_ params: LoyaltyConfigure.Params, in context: WriteContext) throws -> LoyaltyProgram {
        var program = try settings.current(LoyaltyProgram.self, in: context.db)
        if let earnRate = params.earnRate { program.earnRate = earnRate }
        if let rounding = params.rounding { program.rounding = rounding }
        if let pendingDays = params.pendingDays { program.pendingDays = pendingDays }
        if let expiryDays = params.expiryDays { program.expiryDays = expiryDays }
        if let minRedeem = params.minRedeem { program.minRedeem = minRedeem }
        if let maxRedeemShare = params.maxRedeemShare { program.maxRedeemShare = maxRedeemShare }
        if let pointValue = params.pointValue { program.pointValue = pointValue }
        program = try program.validated()
        try settings.save(program, at: context.now, in: context.db)
        return program
    }

    /// Saves a validated setting (`tiers.configure`, `rewards.configure`, `referrals.configure`) and answers it.
    func save<Setting: ModuleSetting>(_ setting: Setting, in context: WriteContext) throws -> Setting {
        try settings.save(setting, at: context.now, in: context.db)
        return setting
    }

    /// The current value of a setting (the program, the tiers, the reward rules).
    func current<Setting: ModuleSetting>(_ type: Setting.Type, in db: Database) throws -> Setting {
        try settings.current(type, in: db)
    }

    /// `loyalty.balance`: the balance with what expires within the days asked (default 30).
    func balance(_ params: LoyaltyBalance.Params, in context: ReadContext) throws -> PointsBalance {
        try customers.ensureActive(params.customerId, in: context.db)
        let days = params.expiringWithinDays ?? 30
        guard CountRange.days.contains(days) else { throw RapportError.invalid("expiringWithinDays", "expiringWithinDays must be 0 to 3650") }
        return try Ledger.balance(params.customerId, at: params.at ?? context.now, expiringWithin: days, in: context.db)
    }

    /// `rewards.trigger`: reports the customer's action and tells what the rules made of it.
    func trigger(_ params: RewardsTrigger.Params, in context: WriteContext) throws -> RewardOutcome {
        try customers.ensureActive(params.customerId, in: context.db)
        let reference = try TextInput.required(params.reference, field: "reference", max: 128)
        let action = CustomerActionPerformed(customerId: params.customerId, action: params.event, reference: reference, at: params.at ?? context.now)
        return try rewards.report(action, in: context)
    }

    /// `tiers.status`.
    func tierStatus(_ params: TiersStatus.Params, in context: ReadContext) throws -> TierStatus {
        try customers.ensureActive(params.customerId, in: context.db)
        return try tiers.status(params.customerId, at: params.at ?? context.now, in: context.db)
    }

    /// `tiers.history`.
    func tierHistory(_ params: TiersHistory.Params, in db: Database) throws -> TiersHistory.Result {
        try customers.ensureActive(params.customerId, in: db)
        return TiersHistory.Result(items: try tiers.history(params.customerId, in: db))
    }
}
