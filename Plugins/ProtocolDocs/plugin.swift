import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-protocol-docs`: rewrites
/// protocol.md from the method registry by running `rapport docs`.
///
/// The plugin is thin on purpose: plugins cannot depend on library targets, so the registry is
/// reached through the built `rapport` tool, the same command a user runs.
@main
struct ProtocolDocs: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let output =
            extractor.extractOption(named: "output").last
            ?? context.package.directoryURL.appending(path: "protocol.md").path
        let tool = try context.tool(named: "rapport")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["docs", "--output", output]
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            Diagnostics.error("rapport docs failed with status \(process.terminationStatus)")
            return
        }
        print("wrote \(output)")
    }
}
