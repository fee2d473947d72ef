import RapportRPC

/// Per-connection order of effects: a request of a connection sees every write that the
/// connection sent before it and none that it sent after.
///
/// Writes of one connection commit in the order they were sent (one writer, FIFO) and reads
/// share batched read transactions, so runs of one kind pipeline freely. Where the kind changes
/// the connection waits: a read starts only once the writes sent before it have committed (it
/// must see them), and a write starts only once the reads sent before it have ended (they must
/// not see it). The transport answers in request order either way.
enum RequestOrder {
    /// What a request does to the store.
    enum Kind: Sendable, Equatable {
        case read
        case write
    }

    private static let key = "storage.requestOrder"

    private struct State: Sendable {
        /// The kind of the requests running now, and how many there are.
        var runningKind: Kind = .read
        var running = 0
        /// Requests waiting for the running ones to end, in the order they were sent.
        var waiting: [(kind: Kind, start: @Sendable () -> Void)] = []
    }

    /// Runs `start` now, or once the requests of the other kind sent before it have ended.
    /// Every started request must call ``end(in:)`` once it is answered.
    static func start(_ kind: Kind, in session: Session, _ start: @escaping @Sendable () -> Void) {
        let startNow = session.withAttachment(key, default: State()) { state -> Bool in
            guard state.waiting.isEmpty, state.running == 0 || state.runningKind == kind else {
                state.waiting.append((kind, start))
                return false
            }
            state.runningKind = kind
            state.running += 1
            return true
        }
        if startNow { start() }
    }

    /// Notes that a started request of `session` was answered, and starts the next run of
    /// waiting requests once none is left running.
    static func end(in session: Session) {
        let released = session.withAttachment(key, default: State()) { state -> [@Sendable () -> Void] in
            state.running -= 1
            guard state.running == 0, let next = state.waiting.first?.kind else { return [] }
            let run = state.waiting.prefix { $0.kind == next }
            state.waiting.removeFirst(run.count)
            state.runningKind = next
            state.running = run.count
            return run.map(\.start)
        }
        for start in released { start() }
    }
}
