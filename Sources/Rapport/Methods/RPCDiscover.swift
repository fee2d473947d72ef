public import RapportRPC

/// `rpc.discover`: the OpenRPC document of every method, generated from the registry.
public enum RPCDiscover: RPCMethod {
    public static let name = "rpc.discover"
    public static let summary = "The OpenRPC 1.2 document of every method, with JSON Schemas of params and results."
    public typealias Params = NoParams
    public typealias Result = JSONValue
}
