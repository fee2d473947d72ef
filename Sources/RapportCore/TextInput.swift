/// Free text from a request, trimmed and bounded, the same way in every module.
public enum TextInput {
    /// `text` without surrounding whitespace, refused when longer than `max` characters.
    public static func text(_ text: String, field: String, max: Int) throws(RapportError) -> String {
        let trimmed = text.trimmingWhitespace
        guard trimmed.count <= max else { throw RapportError.invalid(field, "\(field) may hold at most \(max) characters") }
        return trimmed
    }

    /// Like ``text(_:field:max:)``, and refused when nothing is left after trimming.
    public static func required(_ text: String, field: String, max: Int) throws(RapportError) -> String {
        let trimmed = try Self.text(text, field: field, max: max)
        guard !trimmed.isEmpty else { throw RapportError.invalid(field, "\(field) must not be empty") }
        return trimmed
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    public var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
