import RapportCore
import RapportStorage
import Testing

/// What a module adds to another before either is made.
private struct Greetings: ExtensionPoint {
    var names: [String] = []
}

/// A module that records what it saw when it was made.
private struct Recorded: RapportModule {
    let name: String
    let greetings: [String]
    let madeAfter: [String]
    func registerMethods(in registrar: inout ModuleRegistrar) {}
}

private struct Factory: ModuleFactory {
    let name: String
    var dependencies: [String] = []

    func extend(_ extensions: inout ModuleExtensions) {
        extensions[Greetings.self].names.append(name)
    }

    func make(_ built: BuiltModules, extensions: ModuleExtensions) throws -> any RapportModule {
        let before = try dependencies.map { _ in try built.module(Recorded.self).name }
        return Recorded(name: name, greetings: extensions[Greetings.self].names, madeAfter: before)
    }
}

@Suite struct ModuleAssemblyTests {
    /// The list's order does not matter: each module is made after those it depends on, and
    /// every module sees what all of them added to the extension points.
    @Test func makesEachModuleAfterItsDependencies() throws {
        let modules = try ModuleAssembly.make([
            Factory(name: "metrics", dependencies: ["customers"]), Factory(name: "customers"), Factory(name: "feedback"),
        ])
        #expect(modules.map(\.name) == ["customers", "metrics", "feedback"])
        let metrics = try #require(modules[1] as? Recorded)
        #expect(metrics.greetings == ["metrics", "customers", "feedback"])
        #expect(metrics.madeAfter == ["customers"])
    }

    @Test(arguments: [
        ([Factory(name: "a", dependencies: ["missing"])], "not in the engine's list"),
        ([Factory(name: "a", dependencies: ["b"]), Factory(name: "b", dependencies: ["a"])], "circle"),
        ([Factory(name: "a"), Factory(name: "a")], "two modules"),
    ])
    fileprivate func refusesAnImpossibleList(_ factories: [Factory], _ reason: String) {
        let error = #expect(throws: RapportError.self) { try ModuleAssembly.make(factories) }
        #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func aModuleNotMadeYetIsNotFound() {
        #expect(throws: RapportError.self) { try BuiltModules().module(Recorded.self) }
    }
}
