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
/// `maxInFlightPerConnection` requests unanswered, the handler stops reading it (and stops
/// framing what it already read) until replies drain: backpressure, not unbounded buffering.
/// When the client closes its write side, or the server shuts down, the handler answers what it
/// has read and then closes.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent by the server on shutdown: read no more, answer what was read, then close.
    struct Drain: Sendable {}

    private let dispatcher: Dispatcher
    private let maxInFlight: Int
    private var framer: LineFramer
    private var received: ByteBuffer
    private var sequencer = ReplySequencer()
    private var output = ByteBuffer()
    private var session = Session(peer: .unixSocket(uid: .max, pid: -1))
    private var context: ChannelHandlerContext?
    private var isReadDeferred = false
    private var isInputClosed = false
    private var isFlushScheduled = false

    init(dispatcher: Dispatcher) {
        self.dispatcher = dispatcher
        self.maxInFlight = dispatcher.limits.maxInFlightPerConnection
        self.framer = LineFramer(maxLineBytes: dispatcher.limits.maxLineBytes)
        self.received = ByteBuffer()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        let deliver: @Sendable ([UInt8]) -> Void = { line in
            channel.writeAndFlush(ByteBuffer(bytes: line), promise: nil)
        }
        session = Session(peer: .unixSocket(uid: .max, pid: -1), deliver: deliver)
        if let credentials = PeerCredentials.of(channel) {
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            credentials.whenSuccess { peer in
                handler.value.session = Session(peer: .unixSocket(uid: peer.uid, pid: peer.pid), deliver: deliver)
            }
        }
        context.fireChannelActive()
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
        if sequencer.outstanding >= maxInFlight {
            isReadDeferred = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed as ChannelEvent, is Drain:
            break
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

    private func frameAndDispatch() {
        while sequencer.outstanding < maxInFlight {
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
            let reply = dispatcher.limitReply("maxLineBytes", max: limit, "a line may hold at most \(limit) bytes; the rest of this one was discarded")
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
        if wasFull, sequencer.outstanding < maxInFlight {
            frameAndDispatch()
            if isReadDeferred, sequencer.outstanding < maxInFlight {
                isReadDeferred = false
                context?.read()
            }
        }
        scheduleFlush()
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

    private func closeIfDone() {
        guard isInputClosed, sequencer.outstanding == 0, received.readableBytes == 0, let context else { return }
        flush()
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension ConnectionHandler: Sendable {}
