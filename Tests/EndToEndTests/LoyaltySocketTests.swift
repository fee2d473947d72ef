import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The points ledger under the real server: many clients on the socket at once.
@Suite(.serialized) struct LoyaltySocketTests {
    /// Sends one request on a fresh connection and returns the reply.
    private func call(_ socket: String, _ method: String, _ params: String) throws -> [String: Any] {
        let client = try SocketClient(path: socket)
        try client.send(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"# + "\n")
        guard let reply = try client.readJSON() else { throw TestFailure("no reply to \(method)") }
        return reply
    }

    @Test func fiftyConnectionsRedeemingAtOnceNeverOverspend() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try SocketTests.start(directory)
        let created = try call(socket, "customers.create", #"{"name":"Anna"}"#)
        let customer = try #require((created["result"] as? [String: Any])?["id"] as? String)
        _ = try call(socket, "loyalty.earn", #"{"customerId":"\#(customer)","points":70,"reason":"welcome"}"#)

        // Fifty connections, each opened first, then all released together.
        let connected = Shared(0)
        let go = Shared(false)
        let outcomes = Shared<[String]>([])
        let threads = (0..<50).map { index in
            Thread {
                do {
                    let client = try SocketClient(path: socket)
                    connected.withLock { $0 += 1 }
                    while !go.value { usleep(100) }
                    try client.send(
                        #"{"jsonrpc":"2.0","id":\#(index),"method":"loyalty.redeem","params":{"customerId":"\#(customer)","points":10}}"# + "\n")
                    let reply = try client.readJSON()
                    let reason = ((reply?["error"] as? [String: Any])?["data"] as? [String: Any])?["reason"] as? String
                    outcomes.withLock { $0.append(reply?["result"] != nil ? "redeemed" : reason ?? "\(String(describing: reply))") }
                } catch {
                    outcomes.withLock { $0.append("\(error)") }
                }
            }
        }
        for thread in threads { thread.start() }
        while connected.value + outcomes.value.count < 50 { usleep(1_000) }
        go.withLock { $0 = true }
        let deadline = Date().addingTimeInterval(30)
        while outcomes.value.count < 50 && Date() < deadline { usleep(10_000) }
        let seen = outcomes.value
        #expect(seen.filter { $0 == "redeemed" }.count == 7, "\(seen)")
        #expect(seen.filter { $0 == "insufficient_points" }.count == 43, "\(seen)")

        let balance = try call(socket, "loyalty.balance", #"{"customerId":"\#(customer)"}"#)["result"] as? [String: Any]
        #expect(balance?["available"] as? Int == 0 && balance?["lifetimeRedeemed"] as? Int == 70)
        let check = try call(socket, "loyalty.check", "{}")["result"] as? [String: Any]
        #expect((check?["mismatches"] as? [Any])?.isEmpty == true)
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }
}
