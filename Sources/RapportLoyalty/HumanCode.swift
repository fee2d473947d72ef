import RapportCore

/// Short codes people read aloud and type: referral codes and coupon codes.
///
/// The alphabet leaves out 0, 1, I, L, O and U, so that no two characters are mistaken for each
/// other and no word is spelled by accident. A code is derived from a seed (a customer or coupon
/// id) and an attempt number, so the same seed always gives the same code and a collision is
/// resolved by trying the next attempt.
enum HumanCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// `length` characters of the alphabet derived from `seed` and `attempt`.
    static func make(seed: String, attempt: Int, length: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash = (hash ^ UInt64(attempt)) &* 0x0000_0100_0000_01b3
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length {
            // SplitMix64 finaliser: every character depends on every bit of the seed.
            hash &+= 0x9e37_79b9_7f4a_7c15
            var mixed = hash
            mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
            mixed ^= mixed >> 31
            bytes.append(alphabet[Int(mixed % UInt64(alphabet.count))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first code derived from `seed` that `isTaken` says is free.
    static func unique(seed: String, isTaken: (String) throws -> Bool) throws -> String {
        for attempt in 0..<64 {
            let code = make(seed: seed, attempt: attempt, length: 8)
            if try !isTaken(code) { return code }
        }
        throw RapportError(.internal, "no free code for \(seed) after 64 attempts")
    }

    /// A typed code made comparable: upper case, without spaces or dashes.
    static func normalized(_ typed: String) -> String {
        String(typed.uppercased().filter { $0 != "-" && $0 != " " })
    }

    /// `ABCDEFGH` → `ABCD-EFGH`, as coupon codes are shown.
    static func grouped(_ code: String) -> String {
        guard code.count == 8 else { return code }
        return "\(code.prefix(4))-\(code.suffix(4))"
    }
}
