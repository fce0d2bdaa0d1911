/// The result object's JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), made from `ResultDescription`:
/// every object closed (`additionalProperties: false`) with its required members, since the description is
/// complete. `docs/result.schema.json` is this schema (`ResultDescriptionTests` checks it), and
/// `scripts/schema-check.sh` validates `score --format json` and `batch` output against it.
extension ResultDescription {
    /// The standalone schema: the result object, with the objects inside it under `$defs`.
    static func jsonSchema() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://threshold.invalid/schemas/result.schema.json")),
        ]
        members += objectSchema(result.schema, refPrefix: "#/$defs/")
        members.append(
            (
                "$defs",
                .object(
                    definitions(refPrefix: "#/$defs/") + [("OutcomeLine", outcomeLineSchema(refPrefix: "#/$defs/"))])
            ))
        return .object(members)
    }

    /// The schemas of the objects inside the result, by name, in the order they are first met; references
    /// between them start with `refPrefix` (`"#/components/schemas/"` in an OpenAPI document).
    static func definitions(refPrefix: String) -> [(String, JSONValue)] {
        var seen: [ResultObjectSchema] = []
        func collect(_ shape: ResultShape) {
            switch shape {
            case .string, .boolean, .number, .integer, .dateTime, .enumeration, .constant, .factValue: break
            case .nullable(let s), .array(let s), .pair(let s), .map(let s): collect(s)
            case .anyOf(let shapes): for s in shapes { collect(s) }
            case .object(let o):
                guard !seen.contains(where: { $0 === o }) else { return }
                seen.append(o)
                for m in o.members { collect(m.shape) }
            }
        }
        for m in result.schema.members { collect(m.shape) }
        return seen.map { ($0.name, .object(objectSchema($0, refPrefix: refPrefix))) }
    }

    /// The result object's own schema (its members referring to `definitions(refPrefix:)`).
    static func resultSchema(refPrefix: String) -> JSONValue {
        .object(objectSchema(result.schema, refPrefix: refPrefix))
    }

    /// The schema of a line of `batch --outcome-only` (its members referring to `definitions(refPrefix:)`).
    static func outcomeLineSchema(refPrefix: String) -> JSONValue {
        .object(objectSchema(outcomeLine.schema, refPrefix: refPrefix))
    }

    private static func objectSchema(_ o: ResultObjectSchema, refPrefix: String) -> [(String, JSONValue)] {
        [
            ("title", .string(o.name)),
            ("description", .string(o.doc)),
            ("type", .string("object")),
            (
                "properties",
                .object(
                    o.members.map { m in
                        (m.key, .object([("description", .string(m.doc))] + shapeSchema(m.shape, refPrefix)))
                    })
            ),
            ("required", .array(o.members.filter { !$0.optional }.map { .string($0.key) })),
            ("additionalProperties", .bool(false)),
        ]
    }

    private static func shapeSchema(_ shape: ResultShape, _ refPrefix: String) -> [(String, JSONValue)] {
        func type(_ t: String) -> [(String, JSONValue)] { [("type", .string(t))] }
        func schema(_ s: ResultShape) -> JSONValue { .object(shapeSchema(s, refPrefix)) }
        switch shape {
        case .string: return type("string")
        case .boolean: return type("boolean")
        case .number: return type("number")
        case .integer: return type("integer")
        case .dateTime:
            return type("string") + [("pattern", .string("^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
        case .enumeration(let values): return type("string") + [("enum", .array(values.map(JSONValue.string)))]
        case .constant(let v): return [("const", v)]
        case .nullable(let s):
            var inner = shapeSchema(s, refPrefix)
            if inner.count == 1, inner[0].0 == "type", let t = inner[0].1.stringValue {
                return [("type", .array([.string(t), .string("null")]))]
            }
            if let k = inner.firstIndex(where: { $0.0 == "type" }), let t = inner[k].1.stringValue,
                !inner.contains(where: { $0.0 == "enum" })
            {
                inner[k].1 = .array([.string(t), .string("null")])
                return inner
            }
            return [("anyOf", .array([.object(inner), .object(type("null"))]))]
        case .array(let s): return type("array") + [("items", schema(s))]
        case .pair(let s):
            return type("array") + [
                ("prefixItems", .array([schema(s), schema(s)])), ("items", .bool(false)), ("minItems", .int(2)),
            ]
        case .map(let s): return type("object") + [("additionalProperties", schema(s))]
        case .factValue:
            return [
                ("type", .array(["boolean", "number", "string", "array", "null"].map(JSONValue.string))),
                ("items", .object(type("string"))),
            ]
        case .anyOf(let shapes): return [("anyOf", .array(shapes.map(schema)))]
        case .object(let o): return [("$ref", .string(refPrefix + o.name))]
        }
    }

    /// `jsonSchema()` as text, indented by two spaces, one member a line (`docs/result.schema.json`).
    static func jsonSchemaText() -> String { JSONValue.indented(jsonSchema()) + "\n" }
}

extension JSONValue {
    /// `value` as indented JSON text: objects and arrays one member a line, two spaces a level (empty ones and
    /// arrays of strings that fit on a line stay on one).
    static func indented(_ value: JSONValue, _ depth: Int = 0) -> String {
        let pad = String(repeating: "  ", count: depth + 1)
        let end = String(repeating: "  ", count: depth)
        switch value {
        case .array(let items) where !items.isEmpty:
            let flat = "[" + items.map(serialize).joined(separator: ", ") + "]"
            if items.allSatisfy({ $0.stringValue != nil }), flat.count + depth * 2 <= 100 { return flat }
            return "[\n" + items.map { pad + indented($0, depth + 1) }.joined(separator: ",\n") + "\n" + end + "]"
        case .object(let members) where !members.isEmpty:
            return "{\n"
                + members.map { pad + serialize(.string($0.0)) + ": " + indented($0.1, depth + 1) }
                .joined(separator: ",\n") + "\n" + end + "}"
        default: return serialize(value)
        }
    }
}
