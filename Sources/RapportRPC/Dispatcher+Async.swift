public import RapportJSON

/// The dispatcher awaited: the one bridge from its completions to Swift concurrency, for the
/// engine's in-process calls, the command line and tests.
extension Dispatcher {
    /// Answers one line (without its `\n`); nil when it held only notifications.
    public func handle(line: [UInt8], session: Session) async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            let outcome = line.withUnsafeBytes { bytes in
                handle(line: bytes, session: session) { continuation.resume(returning: $0) }
            }
            switch outcome {
            case .reply(let reply): continuation.resume(returning: reply)
            case .noReply: continuation.resume(returning: nil)
            case .pending: break
            }
        }
    }

    /// Runs one method without an envelope and returns its result.
    public func invoke(_ method: String, params: JSONValue?, context: CallContext) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = invoke(method, params: params, context: context) { continuation.resume(with: $0) }
            if case .finished(let result) = outcome { continuation.resume(with: result) }
        }
    }
}
