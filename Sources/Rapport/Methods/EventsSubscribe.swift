public import RapportCore
public import RapportJSON
public import RapportRPC

/// `events.subscribe`: push committed domain events to this connection as notifications.
public enum EventsSubscribe: RPCMethod {
    /// The method's wire name.
    public static let name = "events.subscribe"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Starts pushing committed events of the given topics to this connection."
    /// The notification's shape, topic matching and `seq`, for protocol.md.
    public static let discussion = """
        After a successful call, every event committed by any client whose topic matches is sent \
        on this connection as a notification: \
        `{"jsonrpc":"2.0","method":"event","params":{"topic":"…","seq":N,"at":"…","data":{…}}}`. \
        A topic is matched exactly (`store.configured`), by prefix (`order.*`) or all (`*`). Calls add \
        to the topics already subscribed. `seq` increases by one for every event the server publishes, \
        so a gap tells the client it was not subscribed to something in between. Notifications may \
        arrive before or after the response to the request that caused them. Subscriptions end \
        with the connection.
        """
    /// None beyond `invalid_params`, which an empty or unknown topic gets.
    public static let errors: [RapportError.Reason] = []

    /// The params of `events.subscribe`: the topics to add.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Topics or patterns.
        public var topics: [String]
        /// Creates params.
        public init(topics: [String]) { self.topics = topics }
        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = ["topics": "Topics (`order.recorded`), prefixes (`order.*`) or `*`."]
    }

    /// Every topic and pattern the connection is subscribed to after the call.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Everything this connection is now subscribed to.
        public var topics: [String]
        /// Creates a result.
        public init(topics: [String]) { self.topics = topics }
        /// The result's fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = ["topics": "Every topic or pattern this connection is now subscribed to, sorted."]
    }

    /// Following the store settings, for protocol.md.
    public static var examples: [MethodExample<Self>] {
        [MethodExample("Follow store settings", params: Params(topics: ["store.*"]), result: Result(topics: ["store.*"]))]
    }
}

/// `events.unsubscribe`: stop pushing some or all topics.
public enum EventsUnsubscribe: RPCMethod {
    /// The method's wire name.
    public static let name = "events.unsubscribe"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Stops pushing the given topics (all when `topics` is omitted) to this connection."
    /// Answers the topics still subscribed, as `events.subscribe` does.
    public typealias Result = EventsSubscribe.Result

    /// The params of `events.unsubscribe`: the topics to drop, or nil for all.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Topics to drop; nil drops all.
        public var topics: [String]?
        /// Creates params.
        public init(topics: [String]? = nil) { self.topics = topics }
        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = ["topics": "Topics or patterns to drop, exactly as subscribed; omit to drop all."]
    }

    /// Dropping every subscription, for protocol.md.
    public static var examples: [MethodExample<Self>] {
        [MethodExample("Stop everything", params: Params(), result: EventsSubscribe.Result(topics: []))]
    }
}
