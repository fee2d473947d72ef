/// The limits that keep one client from hurting the others; each has a server flag.
///
/// The transports enforce the line, connection and in-flight limits; the dispatcher enforces
/// batch size, nesting depth and string length. Every breach is answered with a
/// `limit_exceeded` error line and the connection keeps working.
public struct ProtocolLimits: Sendable, Hashable {
    /// Longest request line in bytes, newline excluded. Longer lines are discarded up to their newline.
    public var maxLineBytes: Int
    /// Most requests in one batch array.
    public var maxBatchSize: Int
    /// Deepest nesting of arrays and objects in one line.
    public var maxDepth: Int
    /// Longest string or key, in UTF-8 bytes.
    public var maxStringBytes: Int
    /// Most client connections served at once; one more is told so and closed.
    public var maxConnections: Int
    /// Most requests of one connection being worked on at once; past it the server stops reading
    /// that connection until replies drain (backpressure), rather than buffering without bound.
    public var maxInFlightPerConnection: Int
    /// Most bytes of replies waiting to be written to one connection; past it the server stops
    /// reading that connection until the client has read half of them (backpressure).
    public var maxUnwrittenBytesPerConnection: Int
    /// Most socket connections of one client process (by its pid) at once, so that no one client
    /// can take every connection.
    public var maxConnectionsPerPeer: Int
    /// Seconds a socket connection may stay quiet (nothing read from it, nothing in flight)
    /// before the server closes it; 0 never closes.
    public var idleTimeoutSeconds: Int

    /// The defaults of DESIGN §4.
    public static let `default` = ProtocolLimits(
        maxLineBytes: 1 << 20,
        maxBatchSize: 100,
        maxDepth: 64,
        maxStringBytes: 64 << 10,
        maxConnections: 1024,
        maxInFlightPerConnection: 256,
        maxUnwrittenBytesPerConnection: 4 << 20,
        maxConnectionsPerPeer: 256,
        idleTimeoutSeconds: 300
    )

    /// Creates limits.
    public init(
        maxLineBytes: Int, maxBatchSize: Int, maxDepth: Int, maxStringBytes: Int,
        maxConnections: Int, maxInFlightPerConnection: Int,
        maxUnwrittenBytesPerConnection: Int = ProtocolLimits.default.maxUnwrittenBytesPerConnection,
        maxConnectionsPerPeer: Int = ProtocolLimits.default.maxConnectionsPerPeer,
        idleTimeoutSeconds: Int = ProtocolLimits.default.idleTimeoutSeconds
    ) {
        self.maxLineBytes = maxLineBytes
        self.maxBatchSize = maxBatchSize
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxConnections = maxConnections
        self.maxInFlightPerConnection = maxInFlightPerConnection
        self.maxUnwrittenBytesPerConnection = maxUnwrittenBytesPerConnection
        self.maxConnectionsPerPeer = maxConnectionsPerPeer
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// Each limit with its wire name (as reported in `data.limit`), value and meaning, for protocol.md.
    public var documented: [(name: String, value: Int, meaning: String)] {
        [
            ("maxLineBytes", maxLineBytes, "longest request line in bytes; the rest of a longer line is discarded up to its newline"),
            ("maxBatchSize", maxBatchSize, "most requests in one batch"),
            ("maxDepth", maxDepth, "deepest nesting of arrays and objects"),
            ("maxStringBytes", maxStringBytes, "longest string or object key in UTF-8 bytes"),
            ("maxConnections", maxConnections, "most socket connections at once"),
            ("maxInFlightPerConnection", maxInFlightPerConnection, "requests of one connection worked on at once before the server stops reading it"),
            (
                "maxUnwrittenBytesPerConnection", maxUnwrittenBytesPerConnection,
                "bytes of replies waiting for a client that does not read them before the server stops reading it (resumes at half)"
            ),
            ("maxConnectionsPerPeer", maxConnectionsPerPeer, "socket connections of one client process (pid) at once"),
            (
                "idleTimeoutSeconds", idleTimeoutSeconds,
                "seconds a socket connection may stay quiet (nothing sent, nothing in flight) before it is closed; 0: never. A quiet subscriber sends `server.ping` to stay"
            ),
        ]
    }
}
