public import RapportRPC

/// `server.ping`: the cheapest round trip, for health checks and latency measurement.
public enum ServerPing: RPCMethod {
    public static let name = "server.ping"
    public static let summary = "Answers \"pong\"; a health check that touches no storage."
    public typealias Params = NoParams
    public typealias Result = String
    public static var examples: [MethodExample<Self>] { [MethodExample("Ping", params: NoParams(), result: "pong")] }
}
