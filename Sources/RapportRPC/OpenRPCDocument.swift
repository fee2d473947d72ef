import RapportCore
public import RapportJSON

/// The OpenRPC 1.2 description of a registry, as `rpc.discover` returns it.
///
/// Params are described by name (`paramStructure: by-name`), one content descriptor per member
/// of the params object, with the JSON Schema derived from the method's `Params` type.
public enum OpenRPCDocument {
    /// Builds the document for every method of `registry`.
    public static func make(registry: MethodRegistry, title: String, version: String) -> JSONValue {
        var info = JSONObject()
        info.append(key: "title", value: .string(title))
        info.append(key: "version", value: .string(version))
        var document = JSONObject()
        document.append(key: "openrpc", value: "1.2.6")
        document.append(key: "info", value: .object(info))
        document.append(key: "methods", value: .array(registry.descriptors.map(method)))
        return .object(document)
    }

    private static func method(_ descriptor: MethodDescriptor) -> JSONValue {
        var method = JSONObject()
        method.append(key: "name", value: .string(descriptor.name))
        method.append(key: "summary", value: .string(descriptor.summary))
        if !descriptor.discussion.isEmpty { method.append(key: "description", value: .string(descriptor.discussion)) }
        method.append(key: "paramStructure", value: "by-name")
        method.append(key: "params", value: .array(contentDescriptors(of: descriptor.paramsSchema)))
        var result = JSONObject()
        result.append(key: "name", value: "result")
        result.append(key: "schema", value: descriptor.resultSchema)
        method.append(key: "result", value: .object(result))
        let reasons = [RapportError.Reason.invalidParams] + descriptor.errors + [.internal]
        method.append(
            key: "errors",
            value: .array(
                reasons.map { reason in
                    var error = JSONObject()
                    error.append(key: "code", value: .int(Int64(ErrorCode.code(for: reason))))
                    error.append(key: "message", value: .string(reason.rawValue))
                    return .object(error)
                }))
        if !descriptor.examples.isEmpty {
            method.append(key: "examples", value: .array(descriptor.examples.map(example)))
        }
        method.append(key: "x-mutating", value: .bool(descriptor.isMutating))
        return .object(method)
    }

    private static func contentDescriptors(of schema: JSONValue) -> [JSONValue] {
        guard case .object(let object) = schema, case .object(let properties)? = object["properties"] else { return [] }
        var required: Set<String> = []
        if case .array(let names)? = object["required"] {
            for case .string(let name) in names { required.insert(name) }
        }
        return properties.map { property in
            var descriptor = JSONObject()
            descriptor.append(key: "name", value: .string(property.key))
            descriptor.append(key: "required", value: .bool(required.contains(property.key)))
            descriptor.append(key: "schema", value: property.value)
            return .object(descriptor)
        }
    }

    private static func example(_ example: MethodDescriptor.Example) -> JSONValue {
        var params: [JSONValue] = []
        if case .object(let object) = example.params {
            params = object.map { member in
                var pairing = JSONObject()
                pairing.append(key: "name", value: .string(member.key))
                pairing.append(key: "value", value: member.value)
                return .object(pairing)
            }
        }
        var result = JSONObject()
        result.append(key: "name", value: "result")
        result.append(key: "value", value: example.result)
        var entry = JSONObject()
        entry.append(key: "name", value: .string(example.title))
        entry.append(key: "params", value: .array(params))
        entry.append(key: "result", value: .object(result))
        return .object(entry)
    }
}
