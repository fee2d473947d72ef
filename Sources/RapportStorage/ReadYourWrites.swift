import RapportRPC

/// Per-connection read-your-writes: a read starts only after the writes that the same
/// connection sent before it have committed.
///
/// Writes of one connection already commit in the order they were sent (one writer, FIFO), and
/// reads are answered in order by the transport; but a pipelined read could run on a reader
/// before an earlier write of the same connection commits, and miss it. So while a connection
/// has writes in flight, its reads wait and are released when the last of those writes ends.
enum ReadYourWrites {
    private static let key = "storage.readYourWrites"

    private struct State: Sendable {
        var writesInFlight = 0
        var waitingReads: [@Sendable () -> Void] = []
    }

    /// Notes a write of `session` going out.
    static func writeStarted(in session: Session) {
        session.withAttachment(key, default: State()) { $0.writesInFlight += 1 }
    }

    /// Notes a write of `session` ending, and starts the reads that were waiting for it.
    static func writeEnded(in session: Session) {
        let released = session.withAttachment(key, default: State()) { state -> [@Sendable () -> Void] in
            state.writesInFlight -= 1
            guard state.writesInFlight == 0 else { return [] }
            defer { state.waitingReads = [] }
            return state.waitingReads
        }
        for read in released { read() }
    }

    /// Starts `read` now, or once the session's writes in flight have ended.
    static func startRead(in session: Session, _ read: @escaping @Sendable () -> Void) {
        let startNow = session.withAttachment(key, default: State()) { state -> Bool in
            guard state.writesInFlight > 0 else { return true }
            state.waitingReads.append(read)
            return false
        }
        if startNow { read() }
    }
}
