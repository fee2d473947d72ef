public import RapportJSON
import Synchronization

/// One client's conversation with the server: who it is, and how to push notifications to it.
///
/// A transport creates a session per connection (one for stdio, one per socket client, one per
/// in-process caller) and closes it when the connection ends. Methods that keep per-connection
/// state, such as event subscriptions, attach it to the session and learn of its end through
/// ``onClose(_:)``.
public final class Session: Sendable {
    /// Who is on the other end.
    public enum Peer: Sendable, Hashable, CustomStringConvertible {
        /// The process's own standard input and output.
        case stdio
        /// A Unix socket client identified by the kernel (`SO_PEERCRED`).
        case unixSocket(uid: UInt32, pid: Int32)
        /// A Swift caller in the same process, named by the embedder.
        case inProcess(String)

        /// The identity written to the audit log: `stdio`, `uid:501 pid:8812`, `embedded:importer`.
        public var description: String {
            switch self {
            case .stdio: "stdio"
            case .unixSocket(let uid, let pid): "uid:\(uid) pid:\(pid)"
            case .inProcess(let name): "embedded:\(name)"
            }
        }
    }

    /// Who is on the other end.
    public let peer: Peer
    private let deliver: @Sendable ([UInt8]) -> Void
    private let state = Mutex(State())

    private struct State {
        var isClosed = false
        var closeHandlers: [@Sendable () -> Void] = []
        var attachments: [String: any Sendable] = [:]
    }

    /// Creates a session whose notifications are written with `deliver` (one complete line, `\n` included).
    public init(peer: Peer, deliver: @escaping @Sendable ([UInt8]) -> Void = { _ in }) {
        self.peer = peer
        self.deliver = deliver
    }

    /// Sends a JSON-RPC notification (no `id`) to the client.
    public func notify(method: String, params: JSONValue) {
        guard !state.withLock({ $0.isClosed }) else { return }
        var line: [UInt8] = []
        line.reserveCapacity(128)
        line.append(contentsOf: #"{"jsonrpc":"2.0","method":"#.utf8)
        JSONValue.string(method).write(into: &line)
        line.append(contentsOf: #","params":"#.utf8)
        params.write(into: &line)
        line.append(contentsOf: "}\n".utf8)
        deliver(line)
    }

    /// Runs `handler` when the session closes (at once if it already has).
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.isClosed { return true }
            state.closeHandlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Ends the session: close handlers run once, later notifications are dropped.
    public func close() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.isClosed else { return [] }
            state.isClosed = true
            defer { state.closeHandlers = [] }
            return state.closeHandlers
        }
        for handler in handlers { handler() }
    }

    /// Reads or changes a value a method keeps for this session, under the session's lock.
    public func withAttachment<Value: Sendable, R>(
        _ key: String, default makeDefault: @autoclosure () -> Value, _ body: (inout Value) -> R
    ) -> R {
        state.withLock { state in
            var value = state.attachments[key] as? Value ?? makeDefault()
            defer { state.attachments[key] = value }
            return body(&value)
        }
    }
}

/// What a method body knows about the call it serves.
public struct CallContext: Sendable {
    /// The session the request came on.
    public var session: Session
    /// The method's wire name.
    public var method: String
    /// `dryRun` and `idempotencyKey`, for mutating methods.
    public var options: CallOptions

    /// Creates a context.
    public init(session: Session, method: String, options: CallOptions = CallOptions()) {
        self.session = session
        self.method = method
        self.options = options
    }
}

/// The envelope-level params every mutating method accepts besides its own.
public struct CallOptions: Sendable, Hashable {
    /// Run in a transaction that is rolled back; answer what would have happened.
    public var dryRun: Bool
    /// A client-chosen key: a repeat with the same params returns the first result.
    public var idempotencyKey: String?

    /// Creates options.
    public init(dryRun: Bool = false, idempotencyKey: String? = nil) {
        self.dryRun = dryRun
        self.idempotencyKey = idempotencyKey
    }
}
