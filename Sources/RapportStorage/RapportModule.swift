/// A domain module: the tables it owns, the events it raises and reacts to, and its methods.
///
/// Its ``ModuleFactory`` makes it, after the modules it depends on; the engine then calls the
/// three registration steps in order for every module: all migrations first (so the store can
/// open), then all events, then all methods.
public protocol RapportModule: Sendable {
    /// The module's name, the prefix of its migrations and methods (`customers`).
    var name: String { get }
    /// Adds the module's migrations, named `<name>.v<N>`.
    func registerMigrations(in plan: inout MigrationPlan)
    /// Declares the events the module raises and registers its in-transaction handlers.
    func registerEvents(in events: inout EventRegistry)
    /// Registers the module's methods against the open store.
    func registerMethods(in registrar: inout ModuleRegistrar)
}

extension RapportModule {
    /// No migrations unless the module owns tables.
    public func registerMigrations(in plan: inout MigrationPlan) {}
    /// No events or handlers unless the module declares them.
    public func registerEvents(in events: inout EventRegistry) {}
}
