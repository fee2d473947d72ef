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

    /// The defaults of DESIGN §4.
    public static let `default` = ProtocolLimits(
        maxLineBytes: 1 << 20,
        maxBatchSize: 100,
        maxDepth: 64,
        maxStringBytes: 64 << 10,
        maxConnections: 1024,
        maxInFlightPerConnection: 256
    )

    /// Creates limits.
    public init(
        maxLineBytes: Int, maxBatchSize: Int, maxDepth: Int, maxStringBytes: Int,
        maxConnections: Int, maxInFlightPerConnection: Int
    ) {
        self.maxLineBytes = maxLineBytes
        self.maxBatchSize = maxBatchSize
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxConnections = maxConnections
        self.maxInFlightPerConnection = maxInFlightPerConnection
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
        ]
    }
}
