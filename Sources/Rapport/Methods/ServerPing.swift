public import RapportRPC

/// `server.ping`: the cheapest round trip, for health checks and latency measurement.
public enum ServerPing: RPCMethod {
    /// The method's wire name.
    public static let name = "server.ping"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Answers \"pong\"; a health check that touches no storage."
    /// Takes no params.
    public typealias Params = NoParams
    /// Answers the string `"pong"`.
    public typealias Result = String
    /// A ping and its `"pong"`, for protocol.md.
    public static var examples: [MethodExample<Self>] { [MethodExample("Ping", params: NoParams(), result: "pong")] }
}
