import Foundation
public import Logging
import NIOCore
import NIOPosix
public import Rapport
import RapportCore
import RapportRPC
import RapportStorage
public import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Serves the engine on a Unix domain socket, many clients at once.
///
/// The socket file is created with mode 0600 (private to the server's user), a live server's
/// socket is never replaced, a stale one (left by a crash) is, and the file is removed on
/// shutdown. Other users may connect only when named in `allowedUIDs`: the socket is then
/// created 0666 and each connection's peer, as the kernel reports it (`SO_PEERCRED`), must be
/// the server's user or one of them. No client process holds more than
/// `maxConnectionsPerPeer` connections, and quiet connections close after the idle timeout, so
/// that no client can lock the others out. On graceful shutdown (SIGINT, SIGTERM) the server
/// stops accepting, lets every connection finish the requests it has read, flushes their
/// replies and then returns.
///
/// ```swift
/// let server = SocketServer(engine: engine, path: "/run/rapport.sock", logger: logger)
/// try await ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
/// ```
public final class SocketServer: Service, Sendable {
    /// The engine served.
    public let engine: Engine
    /// The socket file.
    public let path: String
    private let logger: Logger
    /// Users besides the server's own that may connect.
    public let allowedUIDs: Set<UInt32>
    private let group: MultiThreadedEventLoopGroup
    private let connections = Mutex(ConnectionTable())
    private let onListening: @Sendable () -> Void

    /// Creates a server; `onListening` runs once the socket accepts connections.
    public init(
        engine: Engine, path: String, allowedUIDs: Set<UInt32> = [], logger: Logger,
        onListening: @escaping @Sendable () -> Void = {}
    ) {
        self.engine = engine
        self.path = path
        self.allowedUIDs = allowedUIDs
        self.logger = logger
        self.group = .singleton
        self.onListening = onListening
    }

    /// Listens until graceful shutdown, then drains every connection.
    public func run() async throws {
        try SocketFile.prepare(path)
        let dispatcher = engine.dispatcher
        let limits = dispatcher.limits
        let ownUID = getuid()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelOption(
                .writeBufferWaterMark,
                value: ChannelOptions.Types.WriteBufferWaterMark(
                    low: max(1, limits.maxUnwrittenBytesPerConnection / 2), high: limits.maxUnwrittenBytesPerConnection)
            )
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        AdmissionHandler { peer in
                            self.admission(of: channel, peer: peer, ownUID: ownUID, dispatcher: dispatcher)
                        })
                }
            }
        let listener = try await SocketFile.withUmask(allowedUIDs.isEmpty ? 0o177 : 0o111) {
            try await bootstrap.bind(unixDomainSocketPath: path).get()
        }
        logger.info("listening", metadata: ["socket": "\(path)", "database": "\(engine.store.path)"])
        onListening()
        await withGracefulShutdownHandler {
            try? await listener.closeFuture.get()
        } onGracefulShutdown: {
            listener.close(promise: nil)
        }
        await drainConnections()
        try? FileManager.default.removeItem(atPath: path)
        logger.info("stopped", metadata: ["socket": "\(path)"])
    }

    /// Whether a connection is taken, once its peer is known: the peer's user must be the
    /// server's or an allowed one, and neither the server nor the peer's process full.
    private func admission(
        of channel: any Channel, peer: PeerCredentials, ownUID: uid_t, dispatcher: Dispatcher
    ) -> AdmissionHandler.Decision {
        let limits = dispatcher.limits
        guard peer.uid == ownUID || allowedUIDs.contains(peer.uid) else {
            return .refuse(
                dispatcher.refusalReply(
                    RapportError(
                        .notAllowed, "user \(peer.uid) may not use this server; it lets other users in with --allow-uid")))
        }
        let id = ObjectIdentifier(channel)
        let admission = connections.withLock {
            $0.admit(id, channel, pid: peer.pid, maxConnections: limits.maxConnections, maxPerPeer: limits.maxConnectionsPerPeer)
        }
        switch admission {
        case .serverFull:
            return .refuse(
                dispatcher.limitReply(
                    "maxConnections", max: limits.maxConnections, "the server already serves \(limits.maxConnections) connections; try again later"))
        case .peerFull:
            return .refuse(
                dispatcher.limitReply(
                    "maxConnectionsPerPeer", max: limits.maxConnectionsPerPeer,
                    "process \(peer.pid) already holds \(limits.maxConnectionsPerPeer) connections"))
        case .admitted:
            channel.closeFuture.whenComplete { [self] _ in
                connections.withLock { $0.remove(id) }
            }
            var handlers: [any ChannelHandler] = []
            if limits.idleTimeoutSeconds > 0 {
                handlers.append(IdleStateHandler(readTimeout: .seconds(Int64(limits.idleTimeoutSeconds))))
            }
            handlers.append(ConnectionHandler(dispatcher: dispatcher, peer: peer))
            return .admit(handlers)
        }
    }

    /// Tells every connection to stop reading, answer what it has read and then close.
    private func drainConnections() async {
        let open = connections.withLock { $0.channels }
        guard !open.isEmpty else { return }
        logger.info("finishing in-flight requests", metadata: ["connections": "\(open.count)"])
        for channel in open {
            channel.pipeline.fireUserInboundEventTriggered(ConnectionHandler.Drain())
        }
        for channel in open {
            try? await channel.closeFuture.get()
        }
    }
}

/// The socket file's life: refuse a live server's, replace a stale one's, create it private.
enum SocketFile {
    /// Removes a stale socket at `path`; throws if a server answers there or the path is not a socket.
    static func prepare(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw RapportError(.conflict, "\(path) exists and is not a socket; refusing to replace it")
        }
        if isLive(path) {
            throw RapportError(.conflict, "another server is listening on \(path)")
        }
        unlink(path)
    }

    /// Whether something accepts connections on the socket at `path`.
    static func isLive(_ path: String) -> Bool {
        guard let descriptor = try? UnixDomainSocket.connect(to: path) else { return false }
        close(descriptor)
        return true
    }

    /// Runs `body` with `mask` as the umask, so the socket is born with its final mode (0600
    /// with 177; 0666 with 111 when other users may connect), with no window of a wider one.
    static func withUmask<T>(_ mask: mode_t, _ body: () async throws -> T) async rethrows -> T {
        let previous = umask(mask)
        defer { umask(previous) }
        return try await body()
    }
}
