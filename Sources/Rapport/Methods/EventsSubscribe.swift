public import RapportCore
public import RapportJSON
public import RapportRPC

/// `events.subscribe`: push committed domain events to this connection as notifications.
public enum EventsSubscribe: RPCMethod {
    public static let name = "events.subscribe"
    public static let summary = "Starts pushing committed events of the given topics to this connection."
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
    public static let errors: [RapportError.Reason] = []

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Topics or patterns.
        public var topics: [String]
        /// Creates params.
        public init(topics: [String]) { self.topics = topics }
        public static let fieldDescriptions = ["topics": "Topics (`order.recorded`), prefixes (`order.*`) or `*`."]
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Everything this connection is now subscribed to.
        public var topics: [String]
        /// Creates a result.
        public init(topics: [String]) { self.topics = topics }
        public static let fieldDescriptions = ["topics": "Every topic or pattern this connection is now subscribed to, sorted."]
    }

    public static var examples: [MethodExample<Self>] {
        [MethodExample("Follow store settings", params: Params(topics: ["store.*"]), result: Result(topics: ["store.*"]))]
    }
}

/// `events.unsubscribe`: stop pushing some or all topics.
public enum EventsUnsubscribe: RPCMethod {
    public static let name = "events.unsubscribe"
    public static let summary = "Stops pushing the given topics (all when `topics` is omitted) to this connection."
    public typealias Result = EventsSubscribe.Result

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Topics to drop; nil drops all.
        public var topics: [String]?
        /// Creates params.
        public init(topics: [String]? = nil) { self.topics = topics }
        public static let fieldDescriptions = ["topics": "Topics or patterns to drop, exactly as subscribed; omit to drop all."]
    }

    public static var examples: [MethodExample<Self>] {
        [MethodExample("Stop everything", params: Params(), result: EventsSubscribe.Result(topics: []))]
    }
}
