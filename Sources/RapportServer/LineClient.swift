import Foundation
import RapportCore

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking client for one request over a Unix socket: what `rapport call --socket` uses.
public struct LineClient: Sendable {
    /// The socket file.
    public let path: String

    /// Creates a client for the server at `path`.
    public init(path: String) { self.path = path }

    /// Sends one request line and returns the first response line (notifications are skipped).
    ///
    /// - Throws: `unavailable` when nothing listens at `path` or the connection breaks.
    public func send(_ line: String) throws -> String {
        let descriptor = try UnixDomainSocket.connect(to: path)
        defer { close(descriptor) }
        let request = Array((line + "\n").utf8)
        var offset = 0
        while offset < request.count {
            let written = request.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw RapportError(.unavailable, "the connection to \(path) broke while sending") }
            offset += written
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            if let newline = received.firstIndex(of: UInt8(ascii: "\n")) {
                let reply = String(decoding: received[..<newline], as: UTF8.self)
                received.removeSubrange(...newline)
                if reply.contains(#""method":"event""#) { continue }
                return reply
            }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw RapportError(.unavailable, "the server on \(path) closed the connection without answering") }
            received += chunk[..<count]
        }
    }
}
