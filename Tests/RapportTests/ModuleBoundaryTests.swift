import Foundation
import Testing

/// DESIGN §1: modules meet only through their published contract. A module's SQL names its own
/// tables and other modules' views, never another module's tables. Ownership is read from the
/// migrations (the module whose sources create a table owns it), so a new module is checked
/// without touching this test.
@Suite struct ModuleBoundaryTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Each module's Swift files, by module directory, without their comment lines (doc
    /// comments show SQL of other modules as examples).
    static func moduleFiles() throws -> [String: [(path: String, text: String)]] {
        var files: [String: [(String, String)]] = [:]
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path)
        for module in modules {
            let root = sources.appendingPathComponent(module)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") {
                let url = root.appendingPathComponent(relative)
                let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                let code = lines.map { $0.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : String($0) }
                files[module, default: []].append(("\(module)/\(relative)", code.joined(separator: "\n")))
            }
        }
        return files
    }

    /// The tables each module creates.
    static func ownership(_ files: [String: [(path: String, text: String)]]) throws -> [String: String] {
        let created = try Regex(
            #"(?i)CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([a-z_][a-z0-9_]*)"?|create\(table:\s*"([a-z_][a-z0-9_]*)""#)
        var owner: [String: String] = [:]
        for (module, sources) in files {
            for source in sources {
                for match in source.text.matches(of: created) {
                    let name = (match.output[1].substring ?? match.output[2].substring).map(String.init) ?? ""
                    owner[name.lowercased()] = module
                }
            }
        }
        return owner
    }

    @Test func noModuleNamesAnotherModulesTableInSQL() throws {
        let files = try Self.moduleFiles()
        let owner = try Self.ownership(files)
        #expect(
            owner["customer"] == "RapportCustomers" && owner["loyalty_account"] == "RapportLoyalty" && owner["rapport_audit"] == "RapportStorage",
            "ownership is read from the migrations: \(owner)")
        let reference = try Regex(#"(?i)\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?([a-z_][a-z0-9_]*)"?"#)
        var crossings: [String] = []
        for (module, sources) in files {
            for source in sources {
                for (number, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    for match in code.matches(of: reference) {
                        let table = String(match.output[1].substring ?? "").lowercased()
                        if let other = owner[table], other != module {
                            crossings.append("\(source.path):\(number + 1) names \(other)'s table \(table): \(code)")
                        }
                    }
                }
            }
        }
        #expect(crossings.isEmpty, "\(crossings.joined(separator: "\n"))")
    }
}
