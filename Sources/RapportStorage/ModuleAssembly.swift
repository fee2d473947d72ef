public import Logging
public import RapportCore
public import RapportRPC

/// A place where modules add to another module without editing it: the customers room's segment
/// fields, timeline sources and export sections, say. The module that reads it declares the
/// type; every module adds to it in ``ModuleFactory/extend(_:)`` before any module is made.
public protocol ExtensionPoint: Sendable {
    /// The point before any module added to it.
    init()
}

/// Every extension point, by type, as the modules filled them.
public struct ModuleExtensions: Sendable {
    private var points: [ObjectIdentifier: any ExtensionPoint] = [:]

    /// No point has anything yet.
    public init() {}

    /// The point of type `Point`, empty until a module adds to it.
    public subscript<Point: ExtensionPoint>(_ point: Point.Type) -> Point {
        get { points[ObjectIdentifier(point)] as? Point ?? Point() }
        set { points[ObjectIdentifier(point)] = newValue }
    }
}

/// The modules made so far, for a factory to find the ones it depends on.
public struct BuiltModules: Sendable {
    fileprivate var modules: [any RapportModule] = []

    /// None yet.
    public init() {}

    /// The made module of type `M`.
    ///
    /// - Throws: `internal` when no such module was made: its factory is missing from the list,
    ///   or not named in `dependencies`.
    public func module<M: RapportModule>(_ type: M.Type) throws(RapportError) -> M {
        for case let module as M in modules { return module }
        throw RapportError(.internal, "\(M.self) was not made before the module that needs it; name it in dependencies")
    }
}

/// How the engine makes one module: the modules it needs, what it adds to their extension
/// points, and the module itself once they exist. Adding a module to the engine is one factory in
/// its list; the order of the list does not matter.
///
/// ```swift
/// struct Factory: ModuleFactory {
///     let name = "loyalty"
///     let dependencies = ["customers"]
///     func extend(_ extensions: inout ModuleExtensions) {
///         extensions[CustomersExtensions.self].timelineSources += LoyaltyModule.timelineSources
///     }
///     func make(_ built: BuiltModules, extensions: ModuleExtensions) throws -> any RapportModule {
///         LoyaltyModule(customers: try built.module(CustomersModule.self).service)
///     }
/// }
/// ```
public protocol ModuleFactory: Sendable {
    /// The module's name, the prefix of its migrations and methods (`loyalty`).
    var name: String { get }
    /// The names of the modules it reads, reacts to or extends; they are made first.
    var dependencies: [String] { get }
    /// Adds to other modules' extension points, before any module is made.
    func extend(_ extensions: inout ModuleExtensions)
    /// Makes the module; every module in `dependencies` is in `built`, and `extensions` holds what
    /// every factory added.
    func make(_ built: BuiltModules, extensions: ModuleExtensions) throws -> any RapportModule
}

extension ModuleFactory {
    /// No dependencies unless the factory names some.
    public var dependencies: [String] { [] }
    /// Adds nothing to other modules' extension points unless the factory does.
    public func extend(_ extensions: inout ModuleExtensions) {}
}

/// Makes the modules of a list of factories, each after those it depends on.
public enum ModuleAssembly {
    /// The modules, in an order where each comes after its dependencies (and otherwise in list
    /// order).
    ///
    /// - Throws: `internal` for a repeated name, a dependency no factory provides, or a cycle.
    public static func make(_ factories: [any ModuleFactory]) throws -> [any RapportModule] {
        var byName: [String: any ModuleFactory] = [:]
        for factory in factories {
            guard byName.updateValue(factory, forKey: factory.name) == nil else {
                throw RapportError(.internal, "two modules are named \(factory.name)")
            }
        }
        var extensions = ModuleExtensions()
        for factory in factories { factory.extend(&extensions) }

        var built = BuiltModules()
        var done: Set<String> = []
        var visiting: Set<String> = []
        func make(_ factory: any ModuleFactory) throws {
            guard !done.contains(factory.name) else { return }
            guard visiting.insert(factory.name).inserted else {
                throw RapportError(.internal, "modules depend on each other in a circle through \(factory.name)")
            }
            for dependency in factory.dependencies {
                guard let needed = byName[dependency] else {
                    throw RapportError(.internal, "\(factory.name) needs the module \(dependency), which is not in the engine's list")
                }
                try make(needed)
            }
            built.modules.append(try factory.make(built, extensions: extensions))
            visiting.remove(factory.name)
            done.insert(factory.name)
        }
        for factory in factories { try make(factory) }
        return built.modules
    }
}

extension ModuleAssembly {
    /// A store open for a set of modules, with their methods.
    public struct Opened: Sendable {
        /// The store, every module's migrations applied and events declared.
        public let store: Store
        /// Every module's methods, bound to the store.
        public let methods: MethodRegistry
        /// Every event the modules declared, with their in-transaction handlers.
        public let events: EventRegistry
    }

    /// Opens the store at `path` for `modules`: every module's migrations first (so that the
    /// store can open), then every module's events, then, against the open store, every
    /// module's methods. The engine and the test fixtures start this way.
    public static func open(
        _ modules: [any RapportModule], path: String, options: StoreOptions = StoreOptions(), clock: any WallClock,
        logger: Logger = Logger(label: "rapport.store")
    ) throws -> Opened {
        var plan = MigrationPlan()
        var events = EventRegistry()
        for module in modules {
            module.registerMigrations(in: &plan)
            module.registerEvents(in: &events)
        }
        let store = try Store(path: path, options: options, migrations: plan, events: events, clock: clock, logger: logger)
        var registrar = ModuleRegistrar(store: store)
        for module in modules { module.registerMethods(in: &registrar) }
        return Opened(store: store, methods: registrar.methods, events: events)
    }
}
