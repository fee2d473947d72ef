import Synchronization

/// Generates prefixed, time-ordered random identifiers such as `cus_01JD3Q8ZK5W7T4M2X9B6R1N0HC`.
///
/// The part after the prefix is a ULID: 48 bits of milliseconds followed by 80 random bits,
/// written in Crockford's base 32 (26 characters, no I, L, O or U). Identifiers made later sort
/// later, which keeps B-tree inserts local and gives lists a stable, meaningful order; the random
/// part makes them unguessable and unique across processes.
///
/// ```swift
/// let id = Identifier.make("cus", at: clock.now())
/// ```
public enum Identifier {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A new identifier `prefix_<ULID>` for an entity created at `time`.
    public static func make(_ prefix: String, at time: Timestamp) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(prefix, at: time, using: &generator)
    }

    /// A new identifier drawing its random part from `generator` (deterministic in tests and demos).
    public static func make(_ prefix: String, at time: Timestamp, using generator: inout some RandomNumberGenerator) -> String {
        encode(prefix, milliseconds: milliseconds(of: time), randomHigh: generator.next() & 0xFFFF, randomLow: generator.next())
    }

    /// The 48-bit time part of an identifier made at `time`.
    static func milliseconds(of time: Timestamp) -> UInt64 {
        UInt64(clamping: max(0, time.millisecondsSince1970)) & 0xFFFF_FFFF_FFFF
    }

    /// `prefix_` and the ULID of 48 bits of time, 16 + 64 random bits.
    static func encode(_ prefix: String, milliseconds: UInt64, randomHigh: UInt64, randomLow: UInt64) -> String {
        // 128 bits: 48 time | 16 random | 64 random, emitted 5 bits at a time from the top (130 bits, 2 leading zeros).
        let high = (milliseconds << 16) | randomHigh
        var characters = [UInt8](repeating: 0, count: 26)
        for index in 0..<26 {
            let shift = 125 - index * 5  // bit position of this digit's lowest bit in the 130-bit number
            let value: UInt64
            if shift >= 64 {
                value = (high >> UInt64(shift - 64)) & 0x1F
            } else if shift > 59 {
                value = ((high << UInt64(64 - shift)) | (randomLow >> UInt64(shift))) & 0x1F
            } else {
                value = (randomLow >> UInt64(shift)) & 0x1F
            }
            characters[index] = alphabet[Int(value)]
        }
        return prefix + "_" + String(decoding: characters, as: UTF8.self)
    }

    /// Whether `text` looks like an identifier with the given prefix.
    public static func isValid(_ text: String, prefix: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == prefix.utf8.count + 27, text.hasPrefix(prefix + "_") else { return false }
        return utf8.dropFirst(prefix.utf8.count + 1).allSatisfy { alphabet.contains($0) }
    }
}

/// Where an engine draws new identifiers: random parts from the system's generator, or from a
/// seeded one so that a demo store comes out the same for the same seed.
///
/// Identifiers of one source made for the same millisecond are monotonic (the ULID spec's
/// monotonic mode): the random part of the previous one plus one. So records created one after
/// the other at one time (an order's points, then its referral bonus) sort in creation order.
public final class IdentifierSource: Sendable {
    private struct State {
        var seeded: SplitMix64?
        var milliseconds: UInt64 = .max
        var randomHigh: UInt64 = 0
        var randomLow: UInt64 = 0
    }

    private let state: Mutex<State>

    /// The system's generator when `seed` is nil; otherwise a deterministic sequence.
    public init(seed: UInt64? = nil) {
        state = Mutex(State(seeded: seed.map(SplitMix64.init(state:))))
    }

    /// A new identifier `prefix_<ULID>` for an entity created at `time`.
    public func make(_ prefix: String, at time: Timestamp) -> String {
        let milliseconds = Identifier.milliseconds(of: time)
        let (high, low) = state.withLock { state -> (UInt64, UInt64) in
            if state.milliseconds == milliseconds {
                let (low, carry) = state.randomLow.addingReportingOverflow(1)
                state.randomLow = low
                if carry { state.randomHigh = (state.randomHigh + 1) & 0xFFFF }
            } else {
                state.milliseconds = milliseconds
                if var seeded = state.seeded {
                    state.randomHigh = seeded.next() & 0xFFFF
                    state.randomLow = seeded.next()
                    state.seeded = seeded
                } else {
                    var system = SystemRandomNumberGenerator()
                    state.randomHigh = system.next() & 0xFFFF
                    state.randomLow = system.next()
                }
            }
            return (state.randomHigh, state.randomLow)
        }
        return Identifier.encode(prefix, milliseconds: milliseconds, randomHigh: high, randomLow: low)
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that starts from `state`; the same seed always yields the same sequence.
    public init(state: UInt64) { self.state = state }

    /// The next pseudo-random 64-bit value, advancing the state.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
