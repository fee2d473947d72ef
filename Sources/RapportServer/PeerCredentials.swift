import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The identity of a Unix socket peer as the kernel reports it (`SO_PEERCRED`).
///
/// Laid out exactly as Linux's `struct ucred`, so that it can be read with
/// `getsockopt(SOL_SOCKET, SO_PEERCRED)`.
struct PeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0

    /// Asks the kernel who is on the other end of `channel`; nil when the channel cannot tell.
    static func of(_ channel: any Channel) -> EventLoopFuture<PeerCredentials>? {
        #if os(Linux)
            guard let provider = channel as? any SocketOptionProvider else { return nil }
            return provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        #else
            return nil
        #endif
    }
}
