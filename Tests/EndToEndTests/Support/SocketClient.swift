import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking line client for a Unix socket, with timeouts, as a bot backend would write one.
final class SocketClient {
    private let descriptor: Int32
    private var received: [UInt8] = []

    /// Connects to the socket at `path`.
    init(path: String) throws {
        // The descriptor is owned by `self` only once connected: a throwing class initializer
        // runs `deinit`, so closing here and there would close a number another thread reuses.
        descriptor = try Self.connect(to: path)
    }

    private static func connect(to path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("cannot create a socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            close(descriptor)
            throw TestFailure("cannot connect to \(path): errno \(error)")
        }
        return descriptor
    }

    deinit { close(descriptor) }

    /// Waits until a server accepts connections at `path`.
    static func waitForServer(at path: String, seconds: Double = 20) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? SocketClient(path: path)) != nil { return }
            usleep(20_000)
        }
        throw TestFailure("no server came up at \(path)")
    }

    /// Sends bytes as they are.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw TestFailure("write failed: errno \(errno)") }
            offset += written
        }
    }

    /// Sends a string as UTF-8.
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Closes the writing side, as a client that has said everything.
    func finishSending() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// The next line, without its newline; nil when the server closed the connection.
    func readLine(seconds: Double = 20) throws -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let newline = received.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: received[..<newline], as: UTF8.self)
                received.removeSubrange(...newline)
                return line
            }
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard remaining > 0 else { throw TestFailure("no reply within \(seconds) s") }
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, remaining) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return nil }
            received += chunk[..<count]
        }
    }

    /// The next line parsed as a JSON object.
    func readJSON(seconds: Double = 20) throws -> [String: Any]? {
        guard let line = try readLine(seconds: seconds) else { return nil }
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
}
