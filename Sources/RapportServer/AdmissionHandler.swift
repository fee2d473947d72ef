import NIOCore

/// Decides, once a connection is up and its peer known (`SO_PEERCRED`), whether the server
/// takes it. An admitted connection gets the handlers it is served by, in place of this one;
/// a refused one gets one error line and is closed. Bytes that arrive before the decision are
/// handed on after it, in order.
final class AdmissionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What becomes of a connection.
    enum Decision {
        /// Served by these handlers, added after this one.
        case admit([any ChannelHandler])
        /// Told this error line, then closed.
        case refuse([UInt8])
    }

    private let decide: (PeerCredentials) -> Decision
    private var early: [NIOAny] = []
    private var isDecided = false

    init(decide: @escaping (PeerCredentials) -> Decision) {
        self.decide = decide
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        let credentials = PeerCredentials.of(context.channel) ?? context.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        credentials.whenComplete { result in
            // A peer the kernel cannot name is nobody: refused unless nobody is allowed.
            let peer = (try? result.get()) ?? PeerCredentials(pid: -1, uid: .max, gid: .max)
            bound.value.handler.settle(bound.value.context, peer: peer)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if isDecided { context.fireChannelRead(data) } else { early.append(data) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if isDecided { context.fireChannelReadComplete() }
    }

    private func settle(_ context: ChannelHandlerContext, peer: PeerCredentials) {
        isDecided = true
        switch decide(peer) {
        case .refuse(let line):
            early = []
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: line))).whenComplete { _ in channel.close(promise: nil) }
        case .admit(let handlers):
            do {
                try context.pipeline.syncOperations.addHandlers(handlers, position: .after(self))
            } catch {
                context.close(promise: nil)
                return
            }
            for data in early { context.fireChannelRead(data) }
            if !early.isEmpty { context.fireChannelReadComplete() }
            early = []
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}

/// The open connections, and how many each client process holds.
struct ConnectionTable {
    enum Admission {
        case admitted
        case serverFull
        case peerFull
    }

    private var open: [ObjectIdentifier: (channel: any Channel, pid: Int32)] = [:]
    private var perPeer: [Int32: Int] = [:]

    var channels: [any Channel] { open.values.map(\.channel) }

    mutating func admit(_ id: ObjectIdentifier, _ channel: any Channel, pid: Int32, maxConnections: Int, maxPerPeer: Int) -> Admission {
        guard open.count < maxConnections else { return .serverFull }
        guard perPeer[pid, default: 0] < maxPerPeer else { return .peerFull }
        open[id] = (channel, pid)
        perPeer[pid, default: 0] += 1
        return .admitted
    }

    mutating func remove(_ id: ObjectIdentifier) {
        guard let (_, pid) = open.removeValue(forKey: id) else { return }
        perPeer[pid, default: 1] -= 1
        if perPeer[pid] == 0 { perPeer[pid] = nil }
    }
}

@available(*, unavailable)
extension AdmissionHandler: Sendable {}
