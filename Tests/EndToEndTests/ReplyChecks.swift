import Foundation
import Testing

/// Checks one reply line (or its absence) against what the specification requires.
func check(_ reply: String?, against input: MalformedInput, sourceLocation: SourceLocation = #_sourceLocation) {
    switch input.expected {
    case .nothing:
        #expect(reply == nil, "\(input.name): expected no reply, got \(reply ?? "")", sourceLocation: sourceLocation)
    case .result:
        let object = reply.flatMap(parseObject)
        #expect(object?["result"] as? String == "pong", "\(input.name): \(reply ?? "no reply")", sourceLocation: sourceLocation)
        #expect(object?["jsonrpc"] as? String == "2.0", sourceLocation: sourceLocation)
    case .batch(let count):
        let array = reply.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [Any] }
        #expect(array?.count == count, "\(input.name): \(reply ?? "no reply")", sourceLocation: sourceLocation)
    case .error(let code, let id):
        guard let object = reply.flatMap(parseObject) else {
            Issue.record("\(input.name): expected error \(code), got \(reply ?? "no reply")", sourceLocation: sourceLocation)
            return
        }
        let error = object["error"] as? [String: Any]
        #expect(error?["code"] as? Int == code, "\(input.name): \(reply!.prefix(300))", sourceLocation: sourceLocation)
        #expect(error?["message"] is String, sourceLocation: sourceLocation)
        #expect((error?["data"] as? [String: Any])?["reason"] is String, "\(input.name): no data.reason", sourceLocation: sourceLocation)
        #expect(object["jsonrpc"] as? String == "2.0", sourceLocation: sourceLocation)
        #expect(object["result"] == nil, sourceLocation: sourceLocation)
        if let id {
            #expect("\(object["id"] ?? "missing")" == id, "\(input.name): id \(object["id"] ?? "missing")", sourceLocation: sourceLocation)
        } else {
            #expect(object["id"] is NSNull, "\(input.name): id should be null", sourceLocation: sourceLocation)
        }
    }
}

func parseObject(_ line: String) -> [String: Any]? {
    try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
}

/// A ping with a recognisable id, sent after each malformed line to mark where its reply ends.
func marker(_ index: Int) -> String { #"{"jsonrpc":"2.0","id":"mark-\#(index)","method":"server.ping"}"# }
