public import RapportCore
public import RapportJSON
import Synchronization

/// A committed event as subscribers receive it.
public struct PublishedEvent: Sendable {
    /// Increases by one for every event this process publishes; a client can spot what it missed.
    public var seq: Int64
    /// The topic, such as `order.recorded`.
    public var topic: String
    /// When the event happened.
    public var at: Timestamp
    /// The event's payload.
    public var data: JSONValue
}

/// The after-commit side of domain events: subscribers and publication.
///
/// Subscribers name topics exactly (`order.recorded`), by module (`order.*`) or all (`*`).
/// Publication happens on the writer's thread right after a commit, so a subscriber's `deliver`
/// must only hand the event off (write it to a channel), never block.
public final class EventStream: Sendable {
    /// A live subscription; ``cancel()`` ends it.
    public final class Subscription: Sendable {
        let id: Int
        let topics: [String]
        let deliver: @Sendable (PublishedEvent) -> Void
        private weak let stream: EventStream?

        init(id: Int, topics: [String], deliver: @escaping @Sendable (PublishedEvent) -> Void, stream: EventStream) {
            self.id = id
            self.topics = topics
            self.deliver = deliver
            self.stream = stream
        }

        /// Stops delivery. Idempotent.
        public func cancel() { stream?.remove(id) }

        func matches(_ topic: String) -> Bool {
            topics.contains { pattern in
                pattern == "*" || pattern == topic
                    || (pattern.hasSuffix(".*") && topic.hasPrefix(pattern.dropLast(1)))
            }
        }
    }

    private struct State {
        var nextID = 0
        var subscriptions: [Int: Subscription] = [:]
    }

    private let state = Mutex(State())
    private let sequence = Atomic<Int64>(0)

    /// A stream with no subscribers.
    public init() {}

    /// Starts delivering committed events whose topic matches one of `topics`.
    public func subscribe(topics: [String], deliver: @escaping @Sendable (PublishedEvent) -> Void) -> Subscription {
        state.withLock { state in
            state.nextID += 1
            let subscription = Subscription(id: state.nextID, topics: topics, deliver: deliver, stream: self)
            state.subscriptions[subscription.id] = subscription
            return subscription
        }
    }

    /// How many subscriptions are live.
    public var subscriberCount: Int { state.withLock { $0.subscriptions.count } }

    fileprivate func remove(_ id: Int) {
        _ = state.withLock { $0.subscriptions.removeValue(forKey: id) }
    }

    /// Publishes committed events in order. Events nobody listens to are not even encoded.
    func publish(_ events: [RaisedEvent]) {
        guard !events.isEmpty else { return }
        let subscriptions = state.withLock { Array($0.subscriptions.values) }
        for event in events {
            let seq = sequence.add(1, ordering: .relaxed).newValue
            let listeners = subscriptions.filter { $0.matches(event.topic) }
            guard !listeners.isEmpty else { continue }
            let published = PublishedEvent(seq: seq, topic: event.topic, at: event.at, data: event.data)
            for listener in listeners { listener.deliver(published) }
        }
    }
}
