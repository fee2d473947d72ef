import Foundation
import GRDB
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kill -9` in the middle of a write load: nothing acknowledged may be lost, and the file stays consistent.
@Suite(.serialized) struct CrashTests {
    @Test func killNineLosesNoAcknowledgedOrderNorItsPoints() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try SocketTests.start(directory)
        let client = try SocketClient(path: socket)
        try client.send(#"{"jsonrpc":"2.0","id":0,"method":"customers.create","params":{"name":"Crash Test"}}"# + "\n")
        let customer = try #require((client.readJSON()?["result"] as? [String: Any])?["id"] as? String)

        var burst = ""
        for id in 1...3000 {
            burst +=
                #"{"jsonrpc":"2.0","id":\#(id),"method":"orders.record","params":{"customerId":"\#(customer)","externalId":"k-\#(id)","amount":\#(id * 1000)}}"#
                + "\n"
        }
        let writer = try SocketClient(path: socket)
        try writer.send(burst)
        var acknowledged: [Int] = []
        while acknowledged.count < 300, let reply = try writer.readJSON() {
            #expect(reply["error"] == nil)
            acknowledged.append(reply["id"] as? Int ?? -1)
        }
        server.signal(SIGKILL)
        server.waitForExit()
        // Replies already in flight when the process died are acknowledged too.
        while let reply = try? writer.readJSON(seconds: 1) {
            acknowledged.append(reply["id"] as? Int ?? -1)
        }

        let database = try DatabaseQueue(path: directory.path("db.sqlite"))
        let stored = try database.read { db in
            Set(try String.fetchAll(db, sql: #"SELECT external_id FROM "order""#))
        }
        for id in acknowledged { #expect(stored.contains("k-\(id)"), "acknowledged order k-\(id) was lost") }
        try database.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let totals = try #require(try Row.fetchOne(db, sql: "SELECT order_count, total_spent FROM customer WHERE id = ?", arguments: [customer]))
            let orders = try #require(try Row.fetchOne(db, sql: #"SELECT count(*), coalesce(sum(amount), 0) FROM "order""#))
            #expect(totals[0] as Int == orders[0] as Int, "the customer's totals match its orders after the crash")
            #expect(totals[1] as Int == orders[1] as Int)
            // Every stored order has its points, and the cached balance equals the ledger and the lots.
            let unearned = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM "order" o WHERE o.amount >= 2000
                        AND NOT EXISTS (SELECT 1 FROM loyalty_entry e WHERE e.order_id = o.id AND e.kind = 'earn')
                    """)
            #expect(unearned == 0)
            let ledger = try #require(
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT a.balance, (SELECT sum(points) FROM loyalty_entry), (SELECT sum(remaining) FROM loyalty_lot), a.debt
                        FROM loyalty_account a WHERE a.customer_id = ?
                        """, arguments: [customer]))
            #expect(ledger[0] as Int == ledger[1] as Int && ledger[1] as Int == (ledger[2] as Int) - (ledger[3] as Int))
        }
        #expect(acknowledged.count >= 300)
    }
}
