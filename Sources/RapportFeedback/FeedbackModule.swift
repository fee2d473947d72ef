import RapportCore
public import RapportCustomers
public import RapportLoyalty
public import RapportStorage

/// The feedback room: surveys, NPS, reviews from outside platforms, complaints, response
/// deadlines, compensation, and the inbox of what needs a person.
///
/// It reads customers through their service and views, gives compensation through loyalty's
/// service in the same transaction, and raises `customer.action` so that loyalty's reward rules
/// apply to a completed survey and a linked review. Its ``Factory`` adds feedback's segment
/// fields, timeline entries and export section to the customers room.
public struct FeedbackModule: RapportModule {
    /// The module's name, `feedback`: the prefix of its migrations.
    public let name = "feedback"
    /// The Swift API.
    public let service: FeedbackService

    /// The module over the customers and loyalty services it reads and compensates through.
    public init(customers: CustomersService, loyalty: LoyaltyService) {
        service = FeedbackService(customers: customers, loyalty: loyalty)
    }

    /// Makes the module over the customers and loyalty rooms.
    public struct Factory: ModuleFactory {
        /// The module's name, `feedback`.
        public let name = "feedback"
        /// Feedback needs `customers` and `loyalty`, which are made first.
        public let dependencies = ["customers", "loyalty"]

        /// A factory for ``FeedbackModule``.
        public init() {}

        /// Adds feedback's segment fields, timeline entries and export section to the customers room.
        public func extend(_ extensions: inout ModuleExtensions) {
            FeedbackExtensions.extend(&extensions[CustomersExtensions.self])
        }

        /// Makes the module over the built customers and loyalty modules' services.
        public func make(_ built: BuiltModules, extensions: ModuleExtensions) throws -> any RapportModule {
            FeedbackModule(customers: try built.module(CustomersModule.self).service, loyalty: try built.module(LoyaltyModule.self).service)
        }
    }

    /// Adds the `feedback.v1` and `feedback.v2` migrations.
    public func registerMigrations(in plan: inout MigrationPlan) {
        FeedbackMigrations.register(in: &plan)
    }

    /// Declares the feedback events and, on `CustomerErased` and `CustomerMerged`, erases or moves the customer's feedback.
    public func registerEvents(in events: inout EventRegistry) {
        events.declare(SurveyCompleted.self)
        events.declare(NPSSubmitted.self)
        events.declare(ReviewRecorded.self)
        events.declare(ReviewNegative.self)
        events.declare(ReviewResponded.self)
        events.declare(ReviewResolved.self)
        events.declare(ComplaintOpened.self)
        events.declare(ComplaintResolved.self)
        let service = self.service
        events.on(CustomerErased.self) { event, context in try service.erase(event.customerId, in: context) }
        events.on(CustomerMerged.self) { event, context in try service.merge(event, in: context) }
    }

    /// Registers the `feedback.*`, `surveys.*`, `nps.submit`, `reviews.*` and `complaints.*` methods.
    public func registerMethods(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(FeedbackConfigure.self) { params, context in try service.configure(params, in: context) }
        registrar.read(FeedbackSettings.self) { _, context in try service.policy(in: context.db) }
        registerSurveys(in: &registrar)
        registerReviews(in: &registrar)
        registerComplaints(in: &registrar)
        registrar.read(FeedbackInbox.self) { params, context in
            try service.inbox(params, overdueOnly: false, at: context.now, in: context.db)
        }
        registrar.read(FeedbackOverdue.self) { params, context in
            try service.inbox(params, overdueOnly: true, at: context.now, in: context.db)
        }
        registrar.read(FeedbackStats.self) { params, context in try service.stats(params, at: context.now, in: context.db) }
        registrar.write(FeedbackRespond.self) { params, context in
            let (followUp, reply) = try service.respond(params, kind: nil, in: context)
            let item = try service.inboxItem(followUp, at: context.now, in: context.db)
            return RespondResult(item: item, reply: reply, metDeadline: followUp.metDeadline)
        }
        registrar.write(FeedbackResolve.self) { params, context in
            let (followUp, compensation) = try service.resolve(params, kind: nil, in: context)
            return ResolveResult(item: try service.inboxItem(followUp, at: context.now, in: context.db), compensation: compensation)
        }
    }

    private func registerSurveys(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(SurveysCreate.self) { params, context in try service.createSurvey(params, in: context) }
        registrar.read(SurveysList.self) { params, context in try service.surveys(params, in: context.db) }
        registrar.read(SurveysGet.self) { params, context in try service.survey(params.surveyId, in: context.db) }
        registrar.write(SurveysClose.self) { params, context in try service.closeSurvey(params, in: context) }
        registrar.write(SurveysRespond.self) { params, context in try service.respond(params, in: context) }
        registrar.read(SurveysResults.self) { params, context in try service.results(params, in: context.db) }
        registrar.read(SurveysTexts.self) { params, context in try service.texts(params, in: context.db) }
        registrar.write(NPSSubmit.self) { params, context in try service.submitNPS(params, in: context) }
    }

    private func registerReviews(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(ReviewsRecord.self) { params, context in try service.recordReview(params, in: context) }
        registrar.write(ReviewsImport.self) { params, context in try service.importReviews(params, in: context) }
        registrar.read(ReviewsGet.self) { params, context in
            ReviewsGet.Result(
                review: try service.review(params.id, at: context.now, in: context.db),
                replies: try FollowUpRow.replies(of: params.id, in: context.db))
        }
        registrar.write(ReviewsLink.self) { params, context in try service.link(params, in: context) }
        registrar.read(ReviewsList.self) { params, context in try service.reviews(params, at: context.now, in: context.db) }
        registrar.write(ReviewsRespond.self) { params, context in
            let (followUp, reply) = try service.respond(params, kind: .review, in: context)
            return RespondResult(item: try service.reviewNow(params.id, in: context), reply: reply, metDeadline: followUp.metDeadline)
        }
        registrar.write(ReviewsResolve.self) { params, context in
            let (_, compensation) = try service.resolve(params, kind: .review, in: context)
            return ResolveResult(item: try service.reviewNow(params.id, in: context), compensation: compensation)
        }
    }

    private func registerComplaints(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(ComplaintsOpen.self) { params, context in try service.openComplaint(params, in: context) }
        registrar.write(ComplaintsAssign.self) { params, context in try service.assign(params, in: context) }
        registrar.read(ComplaintsGet.self) { params, context in
            ComplaintsGet.Result(
                complaint: try service.complaint(params.id, at: context.now, in: context.db),
                replies: try FollowUpRow.replies(of: params.id, in: context.db))
        }
        registrar.read(ComplaintsList.self) { params, context in try service.complaints(params, at: context.now, in: context.db) }
        registrar.write(ComplaintsRespond.self) { params, context in
            let (followUp, reply) = try service.respond(params, kind: .complaint, in: context)
            return RespondResult(
                item: try service.complaint(params.id, at: context.now, in: context.db), reply: reply, metDeadline: followUp.metDeadline)
        }
        registrar.write(ComplaintsResolve.self) { params, context in
            let (_, compensation) = try service.resolve(params, kind: .complaint, in: context)
            return ResolveResult(item: try service.complaint(params.id, at: context.now, in: context.db), compensation: compensation)
        }
    }
}
