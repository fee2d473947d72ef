import Synchronization

/// Running totals of what a dispatcher answered, shared with `server.info`.
public final class RequestCounters: Sendable {
    private let requests = Atomic<Int>(0)
    private let errors = Atomic<Int>(0)

    /// Counters at zero.
    public init() {}

    /// Request objects received; each member of a batch counts.
    public var requestCount: Int { requests.load(ordering: .relaxed) }
    /// Error responses sent.
    public var errorCount: Int { errors.load(ordering: .relaxed) }

    func countRequest() { requests.add(1, ordering: .relaxed) }
    func countError() { errors.add(1, ordering: .relaxed) }
}
