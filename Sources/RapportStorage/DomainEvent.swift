public import RapportCore
public import RapportJSON
import RapportRPC

/// Something that happened inside a write, raised in its transaction.
///
/// A module raises an event with ``WriteContext/raise(_:)``. Handlers registered for its type run
/// at once, in the same transaction and savepoint, so that a reaction (points for an order) commits
/// or rolls back together with its cause. Once the transaction commits, the event is published to
/// subscribers (`events.subscribe`) under its ``topic``; an event of a rolled-back or dry-run
/// request is never published.
public protocol DomainEvent: Codable, Sendable {
    /// The topic subscribers name, `noun.pastTense` (`order.recorded`).
    static var topic: String { get }
    /// One line for protocol.md.
    static var summary: String { get }
}

/// An event raised by a write, with the time it happened.
public struct RaisedEvent: Sendable {
    /// The event's topic.
    public var topic: String
    /// The event.
    public var event: any DomainEvent
    /// When it was raised.
    public var at: Timestamp

    /// The event's payload as JSON.
    public var data: JSONValue {
        (try? JSONValueEncoder().encode(event)) ?? .null
    }
}

/// The in-transaction side of domain events: which event types exist and who reacts to them.
///
/// Built while the engine starts (each module declares the events it raises and registers handlers
/// for the events of others), then frozen into the ``Store``.
public struct EventRegistry: Sendable {
    /// A declared event type, for protocol.md.
    public struct Declaration: Sendable {
        /// The topic subscribers name, `noun.pastTense` (`order.recorded`).
        public var topic: String
        /// The event's one-line description for protocol.md.
        public var summary: String
        /// The JSON Schema of the event's payload.
        public var schema: JSONValue
    }

    typealias Handler = @Sendable (any DomainEvent, WriteContext) throws -> Void

    private(set) var declarations: [String: Declaration] = [:]
    private var handlers: [ObjectIdentifier: [Handler]] = [:]

    /// An empty registry.
    public init() {}

    /// Every declared event, sorted by topic.
    public var declared: [Declaration] { declarations.values.sorted { $0.topic < $1.topic } }

    /// Declares an event type a module raises, so that it is documented and can be subscribed to.
    public mutating func declare<Event: DomainEvent>(_ type: Event.Type) {
        declarations[Event.topic] = Declaration(
            topic: Event.topic, summary: Event.summary, schema: JSONSchemaGenerator.schema(for: Event.self))
    }

    /// Registers a handler that runs inside the transaction of every write that raises `type`.
    ///
    /// A handler that throws fails the whole request that raised the event.
    public mutating func on<Event: DomainEvent>(
        _ type: Event.Type, _ handler: @escaping @Sendable (Event, WriteContext) throws -> Void
    ) {
        handlers[ObjectIdentifier(type), default: []].append { event, context in
            try handler(event as! Event, context)
        }
    }

    func handlers(for event: any DomainEvent) -> [Handler] {
        handlers[ObjectIdentifier(type(of: event))] ?? []
    }
}
