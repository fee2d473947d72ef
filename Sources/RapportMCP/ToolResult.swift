public import RapportJSON

/// A Rapport reply as an MCP `CallToolResult`: a one-paragraph summary first (what came back
/// and how to get the next page), then the result's JSON, and the result itself as
/// `structuredContent`, kept under a size a model's context can take.
public enum ToolResult {
    /// The most bytes of JSON a result carries: about 20,000 tokens, under the ~25,000 that
    /// clients such as Claude Code accept from one tool call.
    public static let byteBudget = 80_000

    /// The result of a successful call of `tool`.
    public static func success(_ result: JSONValue, tool: ToolCatalog.Tool) -> JSONValue {
        var value = result
        var notes: [String] = []
        if value.jsonBytes.count > byteBudget, case .object(var object) = value, var items = object["items"]?.arrayValue {
            let total = items.count
            while !items.isEmpty, JSONValue.object(object).jsonBytes.count > byteBudget {
                items.removeLast(max(1, items.count / 10))
                object.set(key: "items", value: .array(items))
            }
            value = .object(object)
            notes.append(
                "Only the first \(items.count) of this page's \(total) items fit in a tool result: call again with limit \(max(1, items.count)) to page through them."
            )
        }
        guard value.jsonBytes.count <= byteBudget else {
            return failure(
                "\(tool.name) answered \(value.jsonBytes.count) bytes, more than a tool result should hold (\(byteBudget)): narrow the request (a smaller limit, a shorter from–to window, one customer)."
            )
        }
        if let cursor = value["nextCursor"]?.stringValue {
            notes.append("More: call \(tool.name) again with the same arguments and cursor \"\(cursor)\".")
        }
        let structured: JSONValue = tool.wrapsResult ? ["result": value] : value
        var text = "\(tool.name): " + summary(of: value)
        if !notes.isEmpty { text += " " + notes.joined(separator: " ") }
        return [
            "content": [["type": "text", "text": .string(text)], ["type": "text", "text": .string(value.jsonString)]],
            "structuredContent": structured,
            "isError": false,
        ]
    }

    /// A Rapport error, for the model to read and correct its call: a tool execution error, not
    /// a protocol error.
    public static func failure(_ error: JSONValue) -> JSONValue {
        var text = "error"
        if let reason = error["data"]?["reason"]?.stringValue { text += " \(reason)" }
        if let field = error["data"]?["field"]?.stringValue { text += " (field \(field))" }
        text += ": " + (error["message"]?.stringValue ?? error.jsonString)
        return failure(text)
    }

    static func failure(_ text: String) -> JSONValue {
        ["content": [["type": "text", "text": .string(text)]], "isError": true]
    }

    /// The top-level members in a line: scalars with their values, arrays by their length.
    static func summary(of value: JSONValue) -> String {
        guard case .object(let object) = value else { return short(value) }
        guard !object.isEmpty else { return "{}" }
        let shown = object.prefix(12).map { member in
            switch member.value {
            case .array(let elements): "\(member.key): \(elements.count) \(elements.count == 1 ? "entry" : "entries")"
            case .object: "\(member.key): {…}"
            default: "\(member.key) \(short(member.value))"
            }
        }
        return shown.joined(separator: ", ") + (object.count > 12 ? ", …" : "") + "."
    }

    private static func short(_ value: JSONValue) -> String {
        let text = value.jsonString
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
