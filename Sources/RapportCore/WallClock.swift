import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where Rapport reads the current time from.
///
/// The engine takes a clock in its initializer so that tests (and imports of history) can fix or
/// advance time; production uses ``SystemWallClock``. Named `WallClock` so as not to shadow the
/// standard library's `Clock`, which measures durations rather than calendar time.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}

/// The operating system's real-time clock.
public struct SystemWallClock: WallClock {
    /// The system's real-time clock; it has no state.
    public init() {}

    /// The current `CLOCK_REALTIME` time, truncated to milliseconds.
    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(millisecondsSince1970: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}

/// A clock that stands still until it is told to move: for tests.
///
/// ```swift
/// let clock = ManualWallClock(try Timestamp(rfc3339: "2026-01-01T00:00:00Z"))
/// clock.advance(days: 61)
/// ```
public final class ManualWallClock: WallClock {
    private let current: Mutex<Timestamp>

    /// Creates a clock that reads `start` until moved.
    public init(_ start: Timestamp) { current = Mutex(start) }

    /// The time last set or advanced to (``init(_:)``'s `start` until moved).
    public func now() -> Timestamp { current.withLock { $0 } }

    /// Sets the time.
    public func set(_ time: Timestamp) { current.withLock { $0 = time } }

    /// Moves the time forward by whole days.
    public func advance(days: Int64) { current.withLock { $0 = $0.adding(days: days) } }

    /// Moves the time forward by whole seconds.
    public func advance(seconds: Int64) { current.withLock { $0 = $0.adding(seconds: seconds) } }
}
