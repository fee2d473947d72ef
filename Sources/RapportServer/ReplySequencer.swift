/// Keeps a connection's replies in request order when some answer later than others.
///
/// Each request takes a ticket when it is read; a reply is released only when every earlier
/// ticket has its reply (or turned out to need none). A reply to the oldest ticket goes straight
/// out, so a connection whose requests all answer at once never touches the dictionary. Not
/// thread-safe: each transport uses it from one serial context (an event loop, a lock).
struct ReplySequencer {
    private var nextTicket = 0
    private var nextToRelease = 0
    private var early: [Int: [UInt8]?] = [:]

    /// Tickets handed out and not yet released.
    var outstanding: Int { nextTicket - nextToRelease }

    /// Takes the next ticket.
    mutating func reserve() -> Int {
        defer { nextTicket += 1 }
        return nextTicket
    }

    /// Records the reply of `ticket` (nil: nothing to send) and hands every reply now releasable,
    /// in ticket order, to `emit`.
    mutating func fulfil(_ ticket: Int, with reply: [UInt8]?, emit: ([UInt8]) -> Void) {
        guard ticket == nextToRelease else {
            early[ticket] = .some(reply)
            return
        }
        if let reply { emit(reply) }
        nextToRelease += 1
        while !early.isEmpty, let next = early.removeValue(forKey: nextToRelease) {
            if let next { emit(next) }
            nextToRelease += 1
        }
    }
}
