import ArgumentParser
import Foundation
import Rapport
import RapportJSON
import RapportRPC
import RapportServer
import RapportStorage

extension RapportCommand {
    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one request and pretty-print its result.",
            discussion: """
                Talks to a running server with --socket, or opens the database directly with --db. \
                Exits 0 and prints the result on success; exits 1 and prints the error on standard error otherwise:
                  rapport call server.info --socket /tmp/rapport.sock
                  rapport call store.configure '{"currency":"EUR"}' --db shop.sqlite
                """
        )

        @Argument(help: ArgumentHelp("The method, such as server.info.", valueName: "method"))
        var method: String

        @Argument(help: ArgumentHelp("The params as a JSON object.", valueName: "params-json"))
        var params: String?

        @Option(help: ArgumentHelp("Talk to the server on this Unix socket.", valueName: "path"))
        var socket: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard let params else { return }
            guard case .object? = try? JSONParser.parse(Array(params.utf8), limits: JSONLimits()) else {
                throw ValidationError("params must be a JSON object, such as '{\"id\":\"cus_…\"}'")
            }
        }

        func run() async throws {
            var request = JSONObject()
            request.append(key: "jsonrpc", value: "2.0")
            request.append(key: "id", value: 1)
            request.append(key: "method", value: .string(method))
            if let params { request.append(key: "params", value: try JSONParser.parse(Array(params.utf8), limits: JSONLimits())) }
            let line = JSONValue.object(request).jsonString

            let reply: String
            if let socket {
                reply = try LineClient(path: socket).send(line)
            } else {
                let engine = try Engine(configuration: EngineConfiguration(databasePath: database.db))
                defer { engine.close() }
                reply = await Self.answer(line, engine: engine)
            }
            guard case .object(let response) = try JSONParser.parse(Array(reply.utf8), limits: JSONLimits(maxDepth: 512, maxStringBytes: .max)) else {
                throw ValidationError("the server answered something that is not a response: \(reply)")
            }
            if let result = response["result"] {
                print(result.prettyPrinted())
                return
            }
            var message = "error"
            if case .object(let error)? = response["error"] {
                let code = error["code"].map(\.jsonString) ?? "?"
                var reason = ""
                if case .object(let data)? = error["data"], case .string(let text)? = data["reason"] {
                    reason = " \(text)"
                    if case .string(let field)? = data["field"] { reason += " (field \(field))" }
                }
                if case .string(let text)? = error["message"] { message = "error \(code)\(reason): \(text)" }
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            throw ExitCode.failure
        }

        /// Answers one line with an engine opened in this process.
        private static func answer(_ line: String, engine: Engine) async -> String {
            let reply = await engine.dispatcher.handle(line: Array(line.utf8), session: Session(peer: .inProcess("cli")))
            return String(decoding: reply ?? [], as: UTF8.self)
        }
    }
}
