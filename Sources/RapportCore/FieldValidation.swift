/// The rules of the fields every module takes the same way (emails, phones, tags, words,
/// external ids, locales), each failure naming the field.
public enum FieldValidation {
    /// A trimmed, case-preserving email, or `invalid_params`.
    public static func email(_ text: String, field: String = "email") throws(RapportError) -> String {
        let email = text.trimmingWhitespace
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64,
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
            !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else {
            throw RapportError.invalid(field, "\"\(text)\" is not an email address")
        }
        return email
    }

    /// The lookup key of an email: lowercased.
    public static func emailKey(_ email: String) -> String { email.lowercased() }

    /// A phone number as `+` and 7 to 15 digits; spaces, dashes, dots and brackets are dropped.
    public static func phone(_ text: String, field: String = "phone") throws(RapportError) -> String {
        var digits = ""
        for (index, character) in text.trimmingWhitespace.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+", index == 0 {
                continue
            } else if " -.()".contains(character) {
                continue
            } else {
                throw RapportError.invalid(field, "\"\(text)\" is not a phone number: only digits, spaces, - . ( ) and a leading + are allowed")
            }
        }
        guard (7...15).contains(digits.count) else {
            throw RapportError.invalid(field, "\"\(text)\" is not a phone number: it needs 7 to 15 digits")
        }
        return "+" + digits
    }

    /// Tags: 1–64 characters each, at most 50, deduplicated and sorted.
    public static func tags(_ tags: [String], field: String = "tags") throws(RapportError) -> [String] {
        guard tags.count <= 50 else { throw RapportError.invalid(field, "at most 50 tags") }
        var result: Set<String> = []
        for (index, tag) in tags.enumerated() {
            let tag = tag.trimmingWhitespace
            guard (1...64).contains(tag.count) else {
                throw RapportError.invalid("\(field)[\(index)]", "a tag holds 1 to 64 characters")
            }
            result.insert(tag)
        }
        return result.sorted()
    }

    /// A short lowercase word such as `organic`, `referral`, `ad`, `import`.
    public static func word(_ text: String, field: String) throws(RapportError) -> String {
        guard (1...32).contains(text.utf8.count),
            text.utf8.allSatisfy({
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            })
        else {
            throw RapportError.invalid(field, "\"\(text)\" must be 1 to 32 lowercase letters, digits, _ or -")
        }
        return text
    }

    /// A BCP 47 language tag such as `ru-RU` or `en`.
    public static func locale(_ text: String) throws(RapportError) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 4,
            parts.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }),
            (2...3).contains(parts[0].count)
        else {
            throw RapportError.invalid("locale", "\"\(text)\" is not a language tag such as ru-RU")
        }
        return text
    }

    /// An external id: 1–128 bytes, no control characters.
    public static func externalId(_ text: String, field: String = "externalId") throws(RapportError) -> String {
        guard (1...128).contains(text.utf8.count), !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw RapportError.invalid(field, "\(field) must hold 1 to 128 bytes without control characters")
        }
        return text
    }
}
