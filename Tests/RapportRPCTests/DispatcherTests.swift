import Dispatch
import Foundation
import RapportCore
import RapportJSON
import Synchronization
import TestSupport
import Testing

@testable import RapportRPC

enum Echo: RPCMethod {
    static let name = "test.echo"
    static let summary = "Echoes its text."
    struct Params: Codable, Sendable {
        var text: String
        var times: Int?
    }
    typealias Result = String
}

enum Slow: RPCMethod {
    static let name = "test.slow"
    static let summary = "Answers later, on another thread."
    struct Params: Codable, Sendable {
        var delayMilliseconds: Int
        var value: Int
    }
    typealias Result = Int
}

enum Broken: RPCMethod {
    static let name = "test.broken"
    static let summary = "Fails with an unexpected error."
    typealias Params = NoParams
    typealias Result = String
}

enum Refuse: RPCMethod {
    static let name = "test.refuse"
    static let summary = "Fails with an application error."
    typealias Params = NoParams
    typealias Result = String
}

enum Mutate: RPCMethod {
    static let name = "test.mutate"
    static let summary = "Mutates."
    static let isMutating = true
    struct Params: Codable, Sendable {
        var amount: Money
        var at: Timestamp?
    }
    typealias Result = Money
}

struct Unexpected: Error {}

/// A dispatcher over test methods, and a way to send it lines.
final class DispatcherHarness: Sendable {
    let dispatcher: Dispatcher
    let internalErrors: Shared<[String]>

    init(limits: ProtocolLimits = .default) {
        var registry = MethodRegistry()
        registry.register(
            Echo.self,
            immediate: { params, _ in
                String(repeating: params.text, count: params.times ?? 1)
            })
        registry.register(Slow.self) { raw, _, completion in
            do {
                let params = try MethodRegistry.decodeParams(Slow.self, from: raw)
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(params.delayMilliseconds)) {
                    completion(.success(.int(Int64(params.value))))
                }
                return .pending
            } catch {
                return .finished(.failure(error))
            }
        }
        registry.register(Broken.self, immediate: { _, _ in throw Unexpected() })
        registry.register(Refuse.self, immediate: { _, _ in throw RapportError(.notAllowed, "no", details: ["existingId": "x_1"]) })
        registry.register(Mutate.self, immediate: { params, context in context.options.dryRun ? .zero : params.amount })
        let errors = Shared<[String]>([])
        internalErrors = errors
        dispatcher = Dispatcher(registry: registry, limits: limits) { method, _ in errors.withLock { $0.append(method) } }
    }

    func send(_ line: String) async -> String? {
        await dispatcher.handle(line: Array(line.utf8), session: Session(peer: .stdio)).map { String(decoding: $0, as: UTF8.self) }
    }
}

@Suite struct DispatcherTests {
    let harness = DispatcherHarness()

    @Test func answersASuccessWithTheIdAsSent() async {
        #expect(
            await harness.send(#"{"jsonrpc":"2.0","id":"a-1","method":"test.echo","params":{"text":"hi","times":2}}"#)
                == #"{"jsonrpc":"2.0","id":"a-1","result":"hihi"}"# + "\n")
        #expect(
            await harness.send(#"{"jsonrpc":"2.0","id":-7,"method":"test.echo","params":{"text":"x"}}"#)
                == #"{"jsonrpc":"2.0","id":-7,"result":"x"}"# + "\n")
        #expect(
            await harness.send(#"{"jsonrpc":"2.0","id":null,"method":"test.echo","params":{"text":"x"}}"#)
                == #"{"jsonrpc":"2.0","id":null,"result":"x"}"# + "\n")
    }

    /// An id is echoed as it was written, even an integer too large for 64 bits.
    @Test func bigIntegerIdsAreEchoedExactly() async {
        for id in ["9223372036854775808", "-9223372036854775809", "123456789012345678901234567890"] {
            #expect(
                await harness.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"test.echo","params":{"text":"x"}}"#)
                    == #"{"jsonrpc":"2.0","id":\#(id),"result":"x"}"# + "\n")
        }
    }

    /// `dryRun` and `idempotencyKey` are members like any other: written twice, they are refused,
    /// never read as the first or the last.
    @Test func repeatedCallOptionsAreRefused() async {
        for member in [#""dryRun":false,"dryRun":true"#, #""dryRun":true,"dryRun":false"#, #""idempotencyKey":"a","idempotencyKey":"b""#] {
            let reply = await harness.send(#"{"jsonrpc":"2.0","id":1,"method":"test.mutate","params":{"amount":5,\#(member)}}"#)
            #expect(reply?.contains(#""code":-32602"#) == true, "\(member)")
            #expect(reply?.contains("duplicate field") == true, "\(member)")
        }
        #expect(
            await harness.send(#"{"jsonrpc":"2.0","id":1,"method":"test.mutate","params":{"amount":5,"dryRun":true}}"#)
                == #"{"jsonrpc":"2.0","id":1,"result":0}"# + "\n")
    }

    @Test func notificationsGetNoReplyEvenWhenTheyFail() async {
        #expect(await harness.send(#"{"jsonrpc":"2.0","method":"test.echo","params":{"text":"x"}}"#) == nil)
        #expect(await harness.send(#"{"jsonrpc":"2.0","method":"test.echo","params":{"bad":1}}"#) == nil)
        #expect(await harness.send(#"{"jsonrpc":"2.0","method":"test.slow","params":{"delayMilliseconds":5,"value":1}}"#) == nil)
    }

    @Test func paramsErrorsNameTheField() async {
        let reply = await harness.send(#"{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"text":"x","times":"two"}}"#)
        #expect(reply?.contains(#""code":-32602"#) == true)
        #expect(reply?.contains(#""reason":"invalid_params","field":"times""#) == true)
    }

    @Test func applicationErrorsCarryReasonAndDetails() async {
        #expect(
            await harness.send(#"{"jsonrpc":"2.0","id":1,"method":"test.refuse"}"#)
                == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"no","data":{"reason":"not_allowed","existingId":"x_1"}}}"# + "\n")
    }

    @Test func unexpectedErrorsAreHiddenAndReported() async {
        let reply = await harness.send(#"{"jsonrpc":"2.0","id":1,"method":"test.broken"}"#)
        #expect(reply?.contains(#""code":-32603"#) == true)
        #expect(reply?.contains("Unexpected") == false)
        #expect(harness.internalErrors.value == ["test.broken"])
    }

    @Test func batchesKeepRequestOrderWhateverFinishesFirst() async {
        let batch = """
            [{"jsonrpc":"2.0","id":1,"method":"test.slow","params":{"delayMilliseconds":60,"value":1}},
             {"jsonrpc":"2.0","id":2,"method":"test.echo","params":{"text":"two"}},
             {"jsonrpc":"2.0","method":"test.echo","params":{"text":"silent"}},
             {"jsonrpc":"2.0","id":3,"method":"test.slow","params":{"delayMilliseconds":1,"value":3}},
             {"jsonrpc":"2.0","id":4,"method":"nope"}]
            """.replacingOccurrences(of: "\n", with: "")
        let reply = await harness.send(batch)
        let ids = (try? JSONSerialization.jsonObject(with: Data((reply ?? "").utf8)) as? [[String: Any]])?.map { $0["id"] as? Int }
        #expect(ids == [1, 2, 3, 4])
        #expect(reply?.hasSuffix("]\n") == true)
    }

    @Test func batchSizeAndDepthAreLimited() async {
        let small = DispatcherHarness(
            limits: ProtocolLimits(
                maxLineBytes: 1 << 20, maxBatchSize: 2, maxDepth: 4, maxStringBytes: 12, maxConnections: 1, maxInFlightPerConnection: 1))
        let ping = #"{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"text":"x"}}"#
        let tooMany = await small.send("[\(ping),\(ping),\(ping)]")
        #expect(tooMany?.contains(#""limit":"maxBatchSize","max":2"#) == true)
        #expect(await small.send("[\(ping),\(ping)]")?.hasPrefix("[") == true)
        let deep = await small.send(#"{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"text":[[[["x"]]]]}}"#)
        #expect(deep?.contains(#""limit":"maxDepth""#) == true)
        let long = await small.send(#"{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"text":"123456789abcd"}}"#)
        #expect(long?.contains(#""limit":"maxStringBytes""#) == true)
        #expect(long?.contains(#""id":null"#) == true)
    }

    @Test func countsRequestsAndErrors() async {
        _ = await harness.send(#"{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"text":"x"}}"#)
        _ = await harness.send("garbage")
        _ = await harness.send(#"[{"jsonrpc":"2.0","id":1,"method":"nope"},{"jsonrpc":"2.0","id":2,"method":"test.echo","params":{"text":"x"}}]"#)
        #expect(harness.dispatcher.counters.requestCount == 4)
        #expect(harness.dispatcher.counters.errorCount == 2)
    }

    @Test func invokeRunsAMethodWithoutAnEnvelope() async throws {
        let context = CallContext(session: Session(peer: .inProcess("t")), method: Slow.name)
        let value = try await harness.dispatcher.invoke(Slow.name, params: ["delayMilliseconds": 1, "value": 9], context: context)
        #expect(value == 9)
    }
}

@Suite struct MethodRegistryTests {
    @Test func describesParamsResultsAndMutationOptions() {
        var registry = MethodRegistry()
        registry.register(Mutate.self, immediate: { params, _ in params.amount })
        let descriptor = registry.descriptor(named: "test.mutate")
        #expect(descriptor?.isMutating == true)
        let properties = descriptor?.paramsSchema["properties"]?.objectValue
        #expect(properties?.keys.map { $0 } == ["amount", "at", "idempotencyKey", "dryRun"])
        #expect(properties?["amount"]?["type"] == "integer")
        #expect(properties?["at"]?["format"] == "date-time")
        #expect(descriptor?.paramsSchema["required"] == ["amount"])
        #expect(descriptor?.resultSchema["type"] == "integer")
    }
}
