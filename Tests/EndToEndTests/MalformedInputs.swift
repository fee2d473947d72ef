/// What the server must answer to one input line.
enum Expected: Sendable, CustomStringConvertible {
    /// One error object with this code, and this `id` (nil means JSON null).
    case error(Int, id: String?)
    /// A successful result.
    case result
    /// No line at all (notifications).
    case nothing
    /// One batch array of this many responses.
    case batch(Int)

    var description: String {
        switch self {
        case .error(let code, let id): "error \(code) id \(id ?? "null")"
        case .result: "result"
        case .nothing: "nothing"
        case .batch(let count): "batch of \(count)"
        }
    }
}

/// One malformed (or borderline) line and what the JSON-RPC specification says to answer.
struct MalformedInput: Sendable, CustomStringConvertible {
    let name: String
    let bytes: [UInt8]
    let expected: Expected

    init(_ name: String, _ text: String, _ expected: Expected) {
        self.init(name, Array(text.utf8), expected)
    }

    init(_ name: String, _ bytes: [UInt8], _ expected: Expected) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }

    var description: String { name }

    static let parse = -32700, invalidRequest = -32600, notFound = -32601, invalidParams = -32602, limit = -32001

    /// Every case: more than 40 distinct ways to get a line wrong, and a few borderline right ones.
    static let all: [MalformedInput] = {
        let ping = #""jsonrpc":"2.0","method":"server.ping""#
        func idWithBytes(_ bytes: [UInt8]) -> [UInt8] {
            var line = Array(#"{\#(ping),"id":""#.utf8)
            line.append(contentsOf: bytes)
            line.append(contentsOf: #""}"#.utf8)
            return line
        }
        let byteOrderMarked: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{\#(ping),"id":1}"#.utf8)
        let batchOf101: String = "[" + Array(repeating: #"{\#(ping),"id":1}"#, count: 101).joined(separator: ",") + "]"
        let nested1000: String = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        let deepParams: String = #"{\#(ping),"id":22,"params":{"a":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}}"
        let longString: String = #"{\#(ping),"id":""# + String(repeating: "x", count: 65 * 1024) + "\"}"
        let longLine: String = #"{\#(ping),"id":""# + String(repeating: "y", count: 2 << 20) + "\"}"
        let crlf: String = #"{\#(ping),"id":25}"# + "\r"
        let cases: [MalformedInput] = [
            // Not JSON at all.
            .init("open brace only", "{", .error(parse, id: nil)),
            .init("plain words", "hello world", .error(parse, id: nil)),
            .init("truncated request", #"{"jsonrpc":"2.0","id":1,"method":"server.pi"#, .error(parse, id: nil)),
            .init("trailing comma", #"{\#(ping),"id":1,}"#, .error(parse, id: nil)),
            .init("unclosed array", "[1,2", .error(parse, id: nil)),
            .init("single quotes", "{'jsonrpc':'2.0','id':1,'method':'server.ping'}", .error(parse, id: nil)),
            .init("leading zero", #"{\#(ping),"id":01}"#, .error(parse, id: nil)),
            .init("NaN id", #"{\#(ping),"id":NaN}"#, .error(parse, id: nil)),
            .init("comment", #"{\#(ping),"id":1} // hi"#, .error(parse, id: nil)),
            .init("trailing garbage", #"{\#(ping),"id":1} x"#, .error(parse, id: nil)),
            .init("two objects on a line", #"{\#(ping),"id":1}{\#(ping),"id":2}"#, .error(parse, id: nil)),
            .init("invalid UTF-8 byte", idWithBytes([0xFF]), .error(parse, id: nil)),
            .init("overlong UTF-8", idWithBytes([0xC0, 0xAF]), .error(parse, id: nil)),
            .init("UTF-8 surrogate", idWithBytes([0xED, 0xA0, 0x80]), .error(parse, id: nil)),
            .init("truncated UTF-8", idWithBytes([0xE2, 0x82]), .error(parse, id: nil)),
            .init("lone surrogate escape", #"{\#(ping),"id":"\ud800"}"#, .error(parse, id: nil)),
            .init("raw control character", "{\(ping),\"id\":\"a\u{01}b\"}", .error(parse, id: nil)),
            .init("bad escape", #"{\#(ping),"id":"\q"}"#, .error(parse, id: nil)),
            .init("byte order mark", byteOrderMarked, .error(parse, id: nil)),
            .init("infinite number", #"{\#(ping),"id":1e999}"#, .error(parse, id: nil)),
            // JSON, but not a request.
            .init("empty batch", "[]", .error(invalidRequest, id: nil)),
            .init("number", "1", .error(invalidRequest, id: nil)),
            .init("string", #""server.ping""#, .error(invalidRequest, id: nil)),
            .init("null", "null", .error(invalidRequest, id: nil)),
            .init("boolean", "true", .error(invalidRequest, id: nil)),
            .init("empty object", "{}", .error(invalidRequest, id: nil)),
            .init("jsonrpc 1.0", #"{"jsonrpc":"1.0","id":1,"method":"server.ping"}"#, .error(invalidRequest, id: "1")),
            .init("jsonrpc missing", #"{"id":2,"method":"server.ping"}"#, .error(invalidRequest, id: "2")),
            .init("jsonrpc a number", #"{"jsonrpc":2.0,"id":3,"method":"server.ping"}"#, .error(invalidRequest, id: "3")),
            .init("method missing", #"{"jsonrpc":"2.0","id":4}"#, .error(invalidRequest, id: "4")),
            .init("method a number", #"{"jsonrpc":"2.0","id":5,"method":42}"#, .error(invalidRequest, id: "5")),
            .init("method missing, no id", #"{"jsonrpc":"2.0","method":1,"params":"bar"}"#, .error(invalidRequest, id: nil)),
            .init("id an object", #"{\#(ping),"id":{"a":1}}"#, .error(invalidRequest, id: nil)),
            .init("id an array", #"{\#(ping),"id":[1]}"#, .error(invalidRequest, id: nil)),
            .init("id a boolean", #"{\#(ping),"id":true}"#, .error(invalidRequest, id: nil)),
            .init("params a string", #"{\#(ping),"id":6,"params":"x"}"#, .error(invalidRequest, id: "6")),
            .init("params a number", #"{\#(ping),"id":7,"params":7}"#, .error(invalidRequest, id: "7")),
            .init("unknown member", #"{\#(ping),"id":8,"extra":true}"#, .error(invalidRequest, id: "8")),
            .init("duplicate member", #"{\#(ping),"id":9,"method":"server.info"}"#, .error(invalidRequest, id: "9")),
            .init("batch of numbers", "[1,2,3]", .batch(3)),
            .init("batch of 101", batchOf101, .error(limit, id: nil)),
            // A request, but the wrong method or params.
            .init("unknown method", #"{"jsonrpc":"2.0","id":10,"method":"no.such"}"#, .error(notFound, id: "10")),
            .init("unknown method, notification", #"{"jsonrpc":"2.0","method":"no.such"}"#, .nothing),
            .init("unknown member in params", #"{\#(ping),"id":11,"params":{"x":1}}"#, .error(invalidParams, id: "11")),
            .init("positional params", #"{\#(ping),"id":12,"params":[1]}"#, .error(invalidParams, id: "12")),
            .init("wrong type", #"{"jsonrpc":"2.0","id":13,"method":"store.configure","params":{"currency":5}}"#, .error(invalidParams, id: "13")),
            .init(
                "invalid value", #"{"jsonrpc":"2.0","id":14,"method":"store.configure","params":{"currency":"euro"}}"#,
                .error(invalidParams, id: "14")),
            .init(
                "unknown field", #"{"jsonrpc":"2.0","id":15,"method":"store.configure","params":{"colour":"red"}}"#, .error(invalidParams, id: "15")),
            .init("missing field", #"{"jsonrpc":"2.0","id":16,"method":"server.backup","params":{}}"#, .error(invalidParams, id: "16")),
            .init(
                "null for a required field", #"{"jsonrpc":"2.0","id":17,"method":"server.backup","params":{"to":null}}"#,
                .error(invalidParams, id: "17")),
            .init(
                "unknown topic", #"{"jsonrpc":"2.0","id":18,"method":"events.subscribe","params":{"topics":["nope"]}}"#,
                .error(invalidParams, id: "18")),
            .init(
                "dryRun not a boolean", #"{"jsonrpc":"2.0","id":19,"method":"store.configure","params":{"dryRun":"yes"}}"#,
                .error(invalidParams, id: "19")),
            .init(
                "idempotencyKey not a string", #"{"jsonrpc":"2.0","id":20,"method":"store.configure","params":{"idempotencyKey":1}}"#,
                .error(invalidParams, id: "20")),
            .init(
                "dryRun on a read", #"{"jsonrpc":"2.0","id":21,"method":"store.settings","params":{"dryRun":true}}"#, .error(invalidParams, id: "21")),
            // Limits.
            .init("1000-deep nesting", nested1000, .error(limit, id: nil)),
            .init("deep params", deepParams, .error(limit, id: nil)),
            .init("65 KiB string", longString, .error(limit, id: nil)),
            .init("2 MiB line", longLine, .error(limit, id: nil)),
            // Borderline but valid.
            .init("mixed batch", #"[{\#(ping),"id":23},{"bad":1},{\#(ping)}]"#, .batch(2)),
            .init("batch of notifications", #"[{\#(ping)},{\#(ping)}]"#, .nothing),
            .init("notification", #"{\#(ping)}"#, .nothing),
            .init("null id", #"{\#(ping),"id":null}"#, .result),
            .init("string id", #"{\#(ping),"id":"abc"}"#, .result),
            .init("fractional id", #"{\#(ping),"id":1.5}"#, .result),
            .init("empty array params", #"{\#(ping),"id":24,"params":[]}"#, .result),
            .init("CRLF line", crlf, .result),
            .init("whitespace around", "  \t{\(ping),\"id\":26}  ", .result),
        ]
        return cases
    }()
}
