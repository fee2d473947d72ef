public import RapportStorage

/// The customers room: profiles, orders, interactions, carts and segments.
///
/// It registers its migrations, declares its events and registers every method; other modules
/// extend it through ``CustomersExtensions`` (segment fields, timeline entries, export sections)
/// and react to its events (`order.recorded` in the same transaction).
public struct CustomersModule: RapportModule {
    /// The module's name, `customers`: the prefix of its migrations and methods.
    public let name = "customers"
    /// The Swift API, with the extensions of other modules.
    public let service: CustomersService

    /// The module over the fields and sources in `extensions`; the default has the built-in ones only.
    public init(extensions: CustomersExtensions = CustomersExtensions()) {
        service = CustomersService(extensions: extensions)
    }

    /// Makes the room with what the other modules added to ``CustomersExtensions``.
    public struct Factory: ModuleFactory {
        /// The module's name, `customers`.
        public let name = "customers"

        /// A factory for ``CustomersModule``.
        public init() {}

        /// Makes the module with the extensions every factory added; it depends on no other module.
        public func make(_ built: BuiltModules, extensions: ModuleExtensions) throws -> any RapportModule {
            CustomersModule(extensions: extensions[CustomersExtensions.self])
        }
    }

    /// Adds the `customers.v1` to `customers.v5` migrations.
    public func registerMigrations(in plan: inout MigrationPlan) {
        CustomersMigrations.register(in: &plan)
    }

    /// Declares the customer, order, interaction, cart and action events.
    public func registerEvents(in events: inout EventRegistry) {
        events.declare(CustomerCreated.self)
        events.declare(CustomerUpdated.self)
        events.declare(CustomerMerged.self)
        events.declare(CustomerErased.self)
        events.declare(OrderRecorded.self)
        events.declare(OrderRefunded.self)
        events.declare(InteractionLogged.self)
        events.declare(CartUpdated.self)
        events.declare(CustomerActionPerformed.self)
    }

    /// Registers the `customers.*`, `orders.*`, `interactions.log`, `carts.*` and `segments.*` methods.
    public func registerMethods(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(CustomersCreate.self) { params, context in try service.create(params, in: context) }
        registrar.read(CustomersGet.self) { params, context in try service.get(params, in: context.db) }
        registrar.write(CustomersUpdate.self) { params, context in try service.update(params, in: context) }
        registrar.read(CustomersList.self) { params, context in try service.list(params, in: context) }
        registrar.read(CustomersSearch.self) { params, context in try service.search(params, in: context.db) }
        registrar.read(CustomersTimeline.self) { params, context in try service.timeline(params, in: context.db) }
        registrar.read(CustomersExport.self) { params, context in try service.export(params, in: context) }
        registrar.write(CustomersErase.self) { params, context in try service.erase(params, in: context) }
        registrar.write(CustomersMerge.self) { params, context in try service.merge(params, in: context) }
        registrar.write(OrdersRecord.self) { params, context in try service.recordOrder(params, in: context) }
        registrar.write(OrdersRefund.self) { params, context in try service.refund(params, in: context) }
        registrar.read(OrdersList.self) { params, context in try service.listOrders(params, in: context.db) }
        registrar.write(InteractionsLog.self) { params, context in try service.logInteraction(params, in: context) }
        registrar.write(CartsUpdate.self) { params, context in
            try service.updateCart(customerId: params.customerId, items: params.items, at: params.at, in: context)
        }
        registrar.write(CartsClear.self) { params, context in
            try service.updateCart(customerId: params.customerId, items: [], at: params.at, in: context)
        }
        registrar.write(SegmentsCreate.self) { params, context in try service.createSegment(params, in: context) }
        registrar.write(SegmentsUpdate.self) { params, context in try service.updateSegment(params, in: context) }
        registrar.read(SegmentsList.self) { _, context in SegmentsList.Result(items: try service.segments(in: context.db)) }
        registrar.read(SegmentsMembers.self) { params, context in try service.members(params, in: context) }
        registrar.read(SegmentsPreview.self) { params, context in try service.preview(params, in: context) }
    }
}
