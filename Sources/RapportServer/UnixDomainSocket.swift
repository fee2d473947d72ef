import RapportCore

#if canImport(Glibc)
    import Glibc
#endif

/// Blocking connects to a Unix domain socket, for the CLI client and the stale-socket check.
enum UnixDomainSocket {
    /// Connects to the socket at `path` and returns the descriptor; the caller closes it.
    ///
    /// - Throws: `unavailable` when nothing accepts connections there.
    static func connect(to path: String) throws(RapportError) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RapportError(.unavailable, "cannot create a socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw RapportError(.invalidParams, "socket path is too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw RapportError(.unavailable, "no server on \(path) (\(reason))")
        }
        return descriptor
    }
}
