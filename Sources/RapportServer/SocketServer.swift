public import Logging
public import Rapport
public import ServiceLifecycle
import Foundation
import NIOCore
import NIOPosix
import RapportCore
import RapportRPC
import RapportStorage
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Serves the engine on a Unix domain socket, many clients at once.
///
/// The socket file is created with mode 0600 (private to the server's user), a live server's
/// socket is never replaced, a stale one (left by a crash) is, and the file is removed on
/// shutdown. On graceful shutdown (SIGINT, SIGTERM) the server stops accepting, lets every
/// connection finish the requests it has read, flushes their replies and then returns.
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
    private let group: MultiThreadedEventLoopGroup
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])
    private let onListening: @Sendable () -> Void

    /// Creates a server; `onListening` runs once the socket accepts connections.
    public init(
        engine: Engine, path: String, logger: Logger,
        onListening: @escaping @Sendable () -> Void = {}
    ) {
        self.engine = engine
        self.path = path
        self.logger = logger
        self.group = .singleton
        self.onListening = onListening
    }

    /// Listens until graceful shutdown, then drains every connection.
    public func run() async throws {
        try SocketFile.prepare(path)
        let dispatcher = engine.dispatcher
        let maxConnections = engine.dispatcher.limits.maxConnections
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard admit(channel, maxConnections: maxConnections) else {
                        let refusal = dispatcher.limitReply(
                            "maxConnections", max: maxConnections,
                            "the server already serves \(maxConnections) connections; try again later")
                        try channel.pipeline.syncOperations.addHandler(RefusalHandler(reply: refusal))
                        return
                    }
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(dispatcher: dispatcher))
                }
            }
        let listener = try await SocketFile.withPrivateUmask {
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

    /// Counts a new connection in, unless the server is full.
    private func admit(_ channel: any Channel, maxConnections: Int) -> Bool {
        let id = ObjectIdentifier(channel)
        let admitted = connections.withLock { connections -> Bool in
            guard connections.count < maxConnections else { return false }
            connections[id] = channel
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { [self] _ in
                _ = connections.withLock { $0.removeValue(forKey: id) }
            }
        }
        return admitted
    }

    /// Tells every connection to stop reading, answer what it has read and then close.
    private func drainConnections() async {
        let open = connections.withLock { Array($0.values) }
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

/// Answers a connection the server cannot take with one error line, then closes it.
private final class RefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let reply: [UInt8]

    init(reply: [UInt8]) { self.reply = reply }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: reply))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
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

    /// Runs `body` with umask 177, so the socket is born with mode 0600 (no window with a wider mode).
    static func withPrivateUmask<T>(_ body: () async throws -> T) async rethrows -> T {
        let previous = umask(0o177)
        defer { umask(previous) }
        return try await body()
    }
}
