import Synchronization

/// A value that escaping closures on other threads can share: tests collect what they saw in it.
public final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// Shares `value`.
    public init(_ value: Value) { mutex = Mutex(value) }

    /// Runs `body` with the value, alone.
    public func withLock<R>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }

    /// A copy of the value now.
    public var value: Value { mutex.withLock { $0 } }
}
