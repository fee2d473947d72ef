import Dispatch
import Foundation
public import Logging
import NIOCore
public import Rapport
import RapportRPC
public import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Serves the engine over standard input and output: the plugin mode, where a host spawns
/// `rapport serve` and talks through pipes, and the shell mode (`< requests.ndjson > out.ndjson`).
///
/// NIO's pipe bootstrap refuses regular files and crashes on `/dev/null`, so this transport
/// reads with plain blocking `read(2)` on a thread of its own, which works for pipes, files,
/// terminals and `/dev/null` alike. Requests are dispatched as they are read (writes arriving
/// together still share a commit); replies are written in request order. At end of input every
/// request read is answered before ``run()`` returns.
public final class StdioServer: Service, Sendable {
    private let engine: Engine
    private let input: Int32
    private let output: Int32
    private let logger: Logger
    private let isShuttingDown = Atomic<Bool>(false)

    /// Creates a server on the given descriptors (standard input and output by default).
    public init(engine: Engine, input: Int32 = 0, output: Int32 = 1, logger: Logger) {
        self.engine = engine
        self.input = input
        self.output = output
        self.logger = logger
    }

    /// Serves until end of input or graceful shutdown, then answers everything read.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    serve()
                    continuation.resume()
                }
                thread.name = "rapport.stdio"
                thread.start()
            }
        } onGracefulShutdown: { [self] in
            isShuttingDown.store(true, ordering: .relaxed)
        }
    }

    private func serve() {
        let dispatcher = engine.dispatcher
        let writer = OrderedWriter(descriptor: output, logger: logger)
        let session = Session(peer: .stdio) { line in writer.writeUnordered(line) }
        defer { session.close() }
        let slots = DispatchSemaphore(value: dispatcher.limits.maxInFlightPerConnection)
        let unanswered = DispatchGroup()
        var framer = LineFramer(maxLineBytes: dispatcher.limits.maxLineBytes)
        var buffer = ByteBuffer()

        func dispatch(_ frame: LineFramer.Frame) {
            slots.wait()
            unanswered.enter()
            let ticket = writer.reserve()
            let finish: @Sendable ([UInt8]?) -> Void = { reply in
                writer.complete(ticket, with: reply)
                slots.signal()
                unanswered.leave()
            }
            switch frame {
            case .tooLong:
                let limit = dispatcher.limits.maxLineBytes
                finish(
                    dispatcher.limitReply("maxLineBytes", max: limit, "a line may hold at most \(limit) bytes; the rest of this one was discarded"))
            case .line(let line):
                let outcome = line.withUnsafeReadableBytes { dispatcher.handle(line: $0, session: session, completion: finish) }
                switch outcome {
                case .reply(let reply): finish(reply)
                case .noReply: finish(nil)
                case .pending: break
                }
            }
        }

        reading: while !isShuttingDown.load(ordering: .relaxed) {
            guard waitUntilReadable() else { continue }
            var result = 0
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 64 << 10) { raw in
                result = Glibc.read(input, raw.baseAddress, raw.count)
                return max(0, result)
            }
            if result < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                logger.error("standard input failed", metadata: ["errno": "\(errno)"])
                break reading
            }
            if result == 0 { break reading }
            while let frame = framer.next(from: &buffer) { dispatch(frame) }
            buffer.discardReadBytes()
        }
        if let last = framer.finish(&buffer) { dispatch(last) }
        unanswered.wait()
    }

    /// Waits up to 100 ms for input, so that a shutdown request is noticed while idle.
    private func waitUntilReadable() -> Bool {
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 100) != 0
    }
}

/// Writes replies to a descriptor in request order, and notifications between them, whole lines only.
private final class OrderedWriter: Sendable {
    private let descriptor: Int32
    private let logger: Logger
    private let state = Mutex<(sequencer: ReplySequencer, failed: Bool)>((ReplySequencer(), false))

    init(descriptor: Int32, logger: Logger) {
        self.descriptor = descriptor
        self.logger = logger
    }

    func reserve() -> Int { state.withLock { $0.sequencer.reserve() } }

    func complete(_ ticket: Int, with reply: [UInt8]?) {
        state.withLock { state in
            var ready: [UInt8] = []
            state.sequencer.fulfil(ticket, with: reply) { ready.append(contentsOf: $0) }
            write(ready, failed: &state.failed)
        }
    }

    func writeUnordered(_ line: [UInt8]) {
        state.withLock { write(line, failed: &$0.failed) }
    }

    /// Writes all of `bytes`, waiting out a non-blocking descriptor; after a failure (the reader
    /// went away) later output is dropped, but requests are still executed and answered in order.
    private func write(_ bytes: [UInt8], failed: inout Bool) {
        guard !bytes.isEmpty, !failed else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written >= 0 {
                offset += written
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&waiting, 1, 1000)
            } else {
                logger.warning("standard output failed; later replies are dropped", metadata: ["errno": "\(errno)"])
                failed = true
                return
            }
        }
    }
}
