import NIOCore
import RapportRPC

/// Serves one socket connection on its event loop: frames lines, dispatches them, and writes the
/// replies in request order.
///
/// Requests that answer at once (parse errors, `server.ping`, …) never leave the event loop;
/// their replies are gathered and written with one write per read burst. Requests that go to
/// storage answer later on the event loop, through the ``ReplySequencer``; the replies that come
/// back together (a read batch finishes many at once) are flushed together, by one task queued
/// behind them, rather than one write each. When a connection has
/// `maxInFlightPerConnection` requests unanswered, or more than
/// `maxUnwrittenBytesPerConnection` of replies its client has not read (the channel is not
/// writable past that high-water mark), the handler stops reading it and stops framing what
/// it already read, until replies drain below the low mark: backpressure, not unbounded
/// buffering. A connection quiet for `idleTimeoutSeconds` with nothing in flight is closed
/// (`IdleStateHandler` tells). When the client closes its write side, or the server shuts
/// down, the handler answers what it has read and then closes.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent by the server on shutdown: read no more, answer what was read, then close.
    struct Drain: Sendable {}

    private let dispatcher: Dispatcher
    private let maxInFlight: Int
    private let maxUnwritten: Int
    private var framer: LineFramer
    private var received: ByteBuffer
    private var sequencer = ReplySequencer()
    private var output = ByteBuffer()
    private let peer: PeerCredentials
    private var session: Session
    private var context: ChannelHandlerContext?
    private var isReadDeferred = false
    private var isInputClosed = false
    private var isFlushScheduled = false
    private var isClosing = false

    init(dispatcher: Dispatcher, peer: PeerCredentials) {
        self.peer = peer
        self.session = Session(peer: .unixSocket(uid: peer.uid, pid: peer.pid))
        self.dispatcher = dispatcher
        self.maxInFlight = dispatcher.limits.maxInFlightPerConnection
        self.maxUnwritten = dispatcher.limits.maxUnwrittenBytesPerConnection
        self.framer = LineFramer(maxLineBytes: dispatcher.limits.maxLineBytes)
        self.received = ByteBuffer()
    }

    /// Added by the ``AdmissionHandler`` once the connection is up and admitted.
    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let channel = context.channel
        // An event for a subscriber that does not read is dropped rather than queued without
        // bound; `seq` shows the subscriber the gap.
        let deliver: @Sendable ([UInt8]) -> Void = { line in
            guard channel.isWritable else { return }
            channel.writeAndFlush(ByteBuffer(bytes: line), promise: nil)
        }
        session = Session(peer: .unixSocket(uid: peer.uid, pid: peer.pid), deliver: deliver)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        session.close()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if received.readableBytes == 0 {
            received = bytes
        } else {
            received.writeBuffer(&bytes)
        }
        frameAndDispatch()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if isInputClosed { return }
        if canTakeMore {
            context.read()
        } else {
            isReadDeferred = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { resume() }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed as ChannelEvent, is Drain:
            break
        case IdleStateHandler.IdleStateEvent.read:
            // Quiet for the idle timeout: close unless a request is still being worked on (its
            // reply will come, and the next quiet period is judged again).
            if sequencer.outstanding == 0 { context.close(promise: nil) }
            return
        default:
            context.fireUserInboundEventTriggered(event)
            return
        }
        isInputClosed = true
        frameAndDispatch()
        flush()
        closeIfDone()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: - Requests

    /// Whether the connection may take another request: few enough in flight, and its client
    /// reading its replies.
    private var canTakeMore: Bool {
        sequencer.outstanding < maxInFlight && output.readableBytes < maxUnwritten && context?.channel.isWritable == true
    }

    private func frameAndDispatch() {
        while canTakeMore {
            if let frame = framer.next(from: &received) {
                dispatch(frame)
            } else if isInputClosed, let last = framer.finish(&received) {
                dispatch(last)
            } else {
                break
            }
        }
    }

    private func dispatch(_ frame: LineFramer.Frame) {
        let ticket = sequencer.reserve()
        switch frame {
        case .tooLong:
            let limit = dispatcher.limits.maxLineBytes
            let reply = dispatcher.limitReply(
                "maxLineBytes", max: limit, "a line may hold at most \(limit) bytes; the rest of this one was discarded")
            sequencer.fulfil(ticket, with: reply) { output.writeBytes($0) }
        case .line(let line):
            guard let eventLoop = context?.eventLoop else { return }
            let handler = NIOLoopBound(self, eventLoop: eventLoop)
            let outcome = line.withUnsafeReadableBytes { bytes in
                dispatcher.handle(line: bytes, session: session) { reply in
                    eventLoop.execute { handler.value.complete(ticket, with: reply) }
                }
            }
            switch outcome {
            case .reply(let reply): sequencer.fulfil(ticket, with: reply) { output.writeBytes($0) }
            case .noReply: sequencer.fulfil(ticket, with: nil) { output.writeBytes($0) }
            case .pending: break
            }
        }
    }

    /// A reply that came later, back on the event loop.
    private func complete(_ ticket: Int, with reply: [UInt8]?) {
        let wasFull = sequencer.outstanding >= maxInFlight
        sequencer.fulfil(ticket, with: reply) { output.writeBytes($0) }
        if wasFull { resume() }
        scheduleFlush()
        closeIfDone()
    }

    /// Takes up framing and reading again once the connection may take more requests.
    private func resume() {
        guard canTakeMore else { return }
        frameAndDispatch()
        flush()
        if isReadDeferred, canTakeMore {
            isReadDeferred = false
            context?.read()
        }
        closeIfDone()
    }

    /// Flushes after the tasks already queued on the event loop: the other replies of the batch.
    private func scheduleFlush() {
        guard !isFlushScheduled, output.readableBytes > 0, let eventLoop = context?.eventLoop else { return }
        isFlushScheduled = true
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        eventLoop.execute {
            handler.value.isFlushScheduled = false
            handler.value.flush()
        }
    }

    private func flush() {
        guard output.readableBytes > 0, let context else { return }
        context.writeAndFlush(wrapOutboundOut(output), promise: nil)
        output = context.channel.allocator.buffer(capacity: 1024)
    }

    /// Closes once the input ended and every reply is out; closing earlier would drop the
    /// replies still waiting for a slow reader.
    private func closeIfDone() {
        guard isInputClosed, !isClosing, sequencer.outstanding == 0, received.readableBytes == 0, let context else { return }
        isClosing = true
        flush()
        // An empty write completes after every write before it.
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension ConnectionHandler: Sendable {}
