public import RapportCore
public import RapportJSON
public import RapportRPC

/// A fixture that calls methods through a dispatcher, the way transports do.
public protocol DispatcherCalling: Sendable {
    var dispatcher: Dispatcher { get }
}

extension DispatcherCalling {
    /// Calls a method with typed params and decodes its result.
    public func call<M: RPCMethod>(_ method: M.Type, _ params: M.Params, options: CallOptions = CallOptions()) async throws -> M.Result {
        let value = try await raw(M.name, try JSONValueEncoder().encode(params), options: options)
        return try JSONValueDecoder().decode(M.Result.self, from: value)
    }

    /// Calls a method with raw JSON params.
    public func raw(_ method: String, _ params: JSONValue, options: CallOptions = CallOptions()) async throws -> JSONValue {
        try await dispatcher.invoke(
            method, params: params, context: CallContext(session: Session(peer: .inProcess("test")), method: method, options: options))
    }

    /// The error a call fails with, or nil when it succeeds.
    public func error<M: RPCMethod>(_ method: M.Type, _ params: M.Params) async -> RapportError? {
        do {
            _ = try await call(method, params)
            return nil
        } catch let error as RapportError {
            return error
        } catch {
            return RapportError(.internal, "\(error)")
        }
    }
}
