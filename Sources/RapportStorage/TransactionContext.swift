public import GRDB
public import RapportCore

/// What a write body works with: the connection inside its savepoint, the time, who asked, and
/// the way to raise domain events.
///
/// A context lives for one request inside one group-committed transaction, on the writer's
/// thread; it must not escape the body.
public final class WriteContext {
    /// The writer connection, inside this request's savepoint.
    public let db: Database
    /// The engine clock's time when the request started to run.
    public let now: Timestamp
    /// The connection identity (`stdio`, `uid:501 pid:8812`), as written to the audit log.
    public let actor: String
    /// The method being served.
    public let method: String
    /// Whether the transaction will be rolled back after the body (a dry run).
    public let isDryRun: Bool

    private let events: EventRegistry
    private let identifiers: IdentifierSource
    private(set) var raised: [RaisedEvent] = []
    private var depth = 0

    init(db: Database, now: Timestamp, actor: String, method: String, isDryRun: Bool, events: EventRegistry, identifiers: IdentifierSource) {
        self.db = db
        self.identifiers = identifiers
        self.now = now
        self.actor = actor
        self.method = method
        self.isDryRun = isDryRun
        self.events = events
    }

    /// A new identifier `prefix_…` for a record created at `time`, from the store's identifier source.
    public func newID(_ prefix: String, at time: Timestamp) -> String {
        identifiers.make(prefix, at: time)
    }

    /// Raises a domain event: its handlers run now, in this transaction, and it is published to
    /// subscribers once the transaction commits.
    ///
    /// - Throws: Whatever a handler throws, which fails the request; `internal` when handlers
    ///   raise events in a cycle deeper than 16.
    public func raise<Event: DomainEvent>(_ event: Event) throws {
        guard depth < 16 else { throw RapportError(.internal, "domain events nest deeper than 16 (\(Event.topic))") }
        raised.append(RaisedEvent(topic: Event.topic, event: event, at: now))
        depth += 1
        defer { depth -= 1 }
        for handler in events.handlers(for: event) {
            try handler(event, self)
        }
    }
}

@available(*, unavailable)
extension WriteContext: Sendable {}

/// What a read body works with: a connection inside a read transaction, and the time.
public struct ReadContext {
    /// A reader connection inside a read-only transaction (a consistent snapshot).
    public let db: Database
    /// The engine clock's time when the read started.
    public let now: Timestamp
}

@available(*, unavailable)
extension ReadContext: Sendable {}
