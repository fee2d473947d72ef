import GRDB
import RapportCore
import RapportJSON

/// A segment rule as SQL: a boolean expression over the `customer` row `c`, and its arguments.
///
/// ```swift
/// let compiled = try SegmentCompiler.compile(rule, fields: .customers, now: clock.now)
/// let ids = try String.fetchAll(db, sql: """
///     SELECT c.id FROM customer c
///     WHERE c.erased_at IS NULL AND c.merged_into IS NULL AND (\(compiled.whereClause))
///     """, arguments: compiled.arguments)
/// ```
struct CompiledSegment {
    /// The condition, to put in parentheses after `WHERE … AND`.
    var whereClause: String
    /// The values of the condition's `?` placeholders, in order.
    var arguments: StatementArguments
}

/// Compiles segment rules into one parameterised SQL condition.
///
/// Membership is decided by SQLite in one query, never row by row in Swift. Field names are only
/// looked up in a ``SegmentFieldRegistry``, whose fields hold fixed SQL; every value of a rule is a
/// bound argument. What each operator means:
///
/// - `=`, `<`, `<=`, `>`, `>=`, `between [low, high]` (inclusive) and `in [a, b, …]` compare as
///   SQL does, and are false when the field is NULL; `= null` asks for NULL.
/// - `!=` is SQL's `IS NOT`: a NULL field differs from every value; `!= null` asks for a value.
/// - `contains` on text is a substring test that ignores ASCII case (SQLite's `lower` leaves other
///   letters alone, so `Иван` matches `Иван` but not `иван`); on tags it means "has the tag".
/// - `all` and `any` are `AND` and `OR`; `not` is `NOT coalesce(…, 0)`, so a condition on a NULL
///   field, false by itself, is true under `not`.
///
/// Limits: rules nest at most ``SegmentRule/maximumDepth`` deep, hold at most
/// ``maximumConditions`` conditions, and an `in` list holds at most ``maximumListCount`` values
/// (sent to SQLite as one JSON array, so the SQL text does not grow with the list).
enum SegmentCompiler {
    /// The most conditions a rule may hold.
    static let maximumConditions = 100
    /// The most values an `in` list may hold.
    static let maximumListCount = 1000

    /// Compiles `rule` against `fields`, as evaluated at `now`.
    ///
    /// - Parameters:
    ///   - rule: The rule.
    ///   - fields: The fields rules may test.
    ///   - now: The time the rule is evaluated at, for fields such as `daysSinceLastOrder`.
    ///   - path: The request field that holds the rule, which errors name with the path inside
    ///     the rule: `rule.all[2].field`.
    /// - Returns: The condition and its arguments.
    /// - Throws: `invalid_params` naming the offending part of the rule: an unknown field, an
    ///   operator that does not apply to the field, a value of the wrong type, or a rule beyond
    ///   the limits.
    static func compile(
        _ rule: SegmentRule, fields: SegmentFieldRegistry, now: Timestamp, path: String = "rule"
    ) throws(RapportError) -> CompiledSegment {
        var compilation = Compilation(fields: fields, now: now, rootPath: path)
        try compilation.append(rule, path: path, depth: 1)
        return CompiledSegment(whereClause: compilation.sql, arguments: StatementArguments(compilation.arguments))
    }
}

/// The SQL and arguments of a rule, written in one pass.
private struct Compilation {
    let fields: SegmentFieldRegistry
    let now: Timestamp
    let rootPath: String
    var sql = ""
    var arguments: [DatabaseValue] = []
    var conditionCount = 0

    init(fields: SegmentFieldRegistry, now: Timestamp, rootPath: String) {
        self.fields = fields
        self.now = now
        self.rootPath = rootPath
    }

    mutating func append(_ rule: SegmentRule, path: String, depth: Int) throws(RapportError) {
        guard depth <= SegmentRule.maximumDepth else {
            throw .invalid(path, "rules nest at most \(SegmentRule.maximumDepth) deep")
        }
        switch rule {
        case .all(let rules):
            try append(rules, joinedBy: " AND ", path: path + ".all", depth: depth)
        case .any(let rules):
            try append(rules, joinedBy: " OR ", path: path + ".any", depth: depth)
        case .not(let rule):
            sql += "NOT coalesce("
            try append(rule, path: path + ".not", depth: depth + 1)
            sql += ", 0)"
        case .condition(let condition):
            conditionCount += 1
            guard conditionCount <= SegmentCompiler.maximumConditions else {
                throw .invalid(rootPath, "a rule holds at most \(SegmentCompiler.maximumConditions) conditions")
            }
            try append(condition, path: path)
        }
    }

    private mutating func append(_ rules: [SegmentRule], joinedBy separator: String, path: String, depth: Int) throws(RapportError) {
        guard !rules.isEmpty else { throw .invalid(path, "needs at least one rule") }
        sql += "("
        for (index, rule) in rules.enumerated() {
            if index > 0 { sql += separator }
            try append(rule, path: "\(path)[\(index)]", depth: depth + 1)
        }
        sql += ")"
    }

    // MARK: Conditions

    private mutating func append(_ condition: SegmentCondition, path: String) throws(RapportError) {
        guard let field = fields.field(named: condition.field) else {
            throw unknownField(condition.field, path: path + ".field")
        }
        let op = condition.op
        guard field.kind.operators.contains(op) else {
            let allowed = field.kind.operators.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            var message = "operator \"\(op.rawValue)\" does not apply to \(field.name), a \(field.kind.rawValue) field; use \(allowed)"
            if field.kind == .tags { message += ", and \"not\" for a tag the customer lacks" }
            throw .invalid(path + ".op", message)
        }
        let typing = Typing(field: field, path: path + ".value")
        let expression = field.expression(now)
        if field.kind == .tags {
            try appendTags(expression, op, condition.value, typing)
        } else {
            try appendScalar(expression, op, condition.value, typing)
        }
    }

    private mutating func appendScalar(
        _ expression: SegmentField.SQLFragment, _ op: SegmentOperator, _ value: JSONValue, _ typing: Typing
    ) throws(RapportError) {
        switch op {
        case .equal, .notEqual:
            append(expression)
            if value.isNull {
                sql += op == .equal ? " IS NULL" : " IS NOT NULL"
            } else {
                sql += op == .equal ? " = ?" : " IS NOT ?"
                arguments.append(try typing.operand(value).databaseValue)
            }
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            let operand = try typing.operand(value)
            appendTypeGuard(expression, for: [operand], typing)
            append(expression)
            sql += " \(op.rawValue) ?"
            arguments.append(operand.databaseValue)
            closeTypeGuard(typing)
        case .between:
            let (low, high) = try typing.range(value)
            appendTypeGuard(expression, for: [low, high], typing)
            append(expression)
            sql += " BETWEEN ? AND ?"
            arguments.append(low.databaseValue)
            arguments.append(high.databaseValue)
            closeTypeGuard(typing)
        case .in:
            append(expression)
            sql += " IN (SELECT value FROM json_each(?))"
            arguments.append(try typing.list(value).databaseValue)
        case .contains:
            let needle = try typing.text(value)
            sql += "instr(lower("
            append(expression)
            sql += "), lower(?)) > 0"
            arguments.append(needle.databaseValue)
        }
    }

    /// `EXISTS` over the values the field's `SELECT` lists, named `element` by a common table
    /// expression so that the field's own column name does not matter.
    private mutating func appendTags(
        _ expression: SegmentField.SQLFragment, _ op: SegmentOperator, _ value: JSONValue, _ typing: Typing
    ) throws(RapportError) {
        sql += "EXISTS (WITH segment_values(element) AS ("
        sql += expression.sql
        arguments.append(contentsOf: expression.arguments.map(\.databaseValue))
        sql += ") SELECT 1 FROM segment_values WHERE element"
        if op == .in {
            sql += " IN (SELECT value FROM json_each(?)))"
            arguments.append(try typing.list(value).databaseValue)
        } else {
            sql += " = ?)"
            arguments.append(try typing.text(value).databaseValue)
        }
    }

    /// Appends `(expression)` and its arguments.
    private mutating func append(_ expression: SegmentField.SQLFragment) {
        sql += "("
        sql += expression.sql
        sql += ")"
        arguments.append(contentsOf: expression.arguments.map(\.databaseValue))
    }

    /// For a JSON field, opens `(typeof(x) IN (…) AND `: SQLite orders numbers before text, so
    /// without it `"5" > 3` would hold.
    private mutating func appendTypeGuard(_ expression: SegmentField.SQLFragment, for operands: [Operand], _ typing: Typing) {
        guard typing.field.kind == .json else { return }
        sql += "(typeof("
        append(expression)
        sql += operands[0].isNumber ? ") IN ('integer', 'real') AND " : ") = 'text' AND "
    }

    private mutating func closeTypeGuard(_ typing: Typing) {
        guard typing.field.kind == .json else { return }
        sql += ")"
    }

    private func unknownField(_ name: String, path: String) -> RapportError {
        if name.hasPrefix(SegmentFieldRegistry.attributesPrefix) {
            return .invalid(path, "\(quoted(name)) names no attribute: a key holds 1 to 64 ASCII letters, digits or _")
        }
        let known = fields.fields.map(\.name) + [SegmentFieldRegistry.attributesPattern]
        return .invalid(path, "unknown field \(quoted(name)); known fields: \(known.joined(separator: ", "))")
    }
}

// MARK: - Values

/// A value of a rule, checked against its field's kind.
private enum Operand {
    case integer(Int64)
    case real(Double)
    case text(String)

    var databaseValue: DatabaseValue {
        switch self {
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        }
    }

    var json: JSONValue {
        switch self {
        case .integer(let value): .int(value)
        case .real(let value): .double(value)
        case .text(let value): .string(value)
        }
    }

    var isNumber: Bool {
        if case .text = self { return false }
        return true
    }
}

/// Checks the values of one condition against its field's kind.
private struct Typing {
    let field: SegmentField
    /// The path of the condition's value, such as `rule.all[2].value`.
    let path: String

    /// One scalar value.
    func operand(_ value: JSONValue, at path: String? = nil) throws(RapportError) -> Operand {
        let path = path ?? self.path
        switch (field.kind, value) {
        case (.integer, _), (.money, _):
            if case .int(let integer) = value { return .integer(integer) }
            if case .double(let double) = value, let integer = Int64(exactly: double) { return .integer(integer) }
        case (.timestamp, .string(let text)):
            guard let time = Timestamp(parsing: text) else {
                throw .invalid(path, "\(quoted(text)) is not an RFC 3339 time such as 2026-03-01T10:00:00Z")
            }
            return .integer(time.millisecondsSince1970)
        case (.text, .string(let text)), (.tags, .string(let text)), (.json, .string(let text)):
            return .text(text)
        case (.boolean, .bool(let bool)), (.json, .bool(let bool)):
            return .integer(bool ? 1 : 0)
        case (.json, .int(let integer)):
            return .integer(integer)
        case (.json, .double(let double)) where double.isFinite:
            return .real(double)
        default:
            break
        }
        throw .invalid(path, "\(field.name) takes \(expected), got \(value.shortDescription)")
    }

    /// A string, for `contains` and single tags.
    func text(_ value: JSONValue) throws(RapportError) -> Operand {
        guard case .string(let text) = value else {
            throw .invalid(path, "\(field.name) takes a string here, got \(value.shortDescription)")
        }
        return .text(text)
    }

    /// `[low, high]`, both of the same type, low first.
    func range(_ value: JSONValue) throws(RapportError) -> (low: Operand, high: Operand) {
        guard case .array(let bounds) = value, bounds.count == 2 else {
            throw .invalid(path, "\"between\" takes [low, high], got \(value.shortDescription)")
        }
        let low = try operand(bounds[0], at: path + "[0]")
        let high = try operand(bounds[1], at: path + "[1]")
        guard low.isNumber == high.isNumber else {
            throw .invalid(path, "\"between\" takes two numbers or two strings, got \(value.shortDescription)")
        }
        if case .integer(let a) = low, case .integer(let b) = high, a > b {
            throw .invalid(path, "\"between\" takes [low, high] with low first, got \(value.shortDescription)")
        }
        return (low, high)
    }

    /// A non-empty list of scalars, as one JSON array argument for `json_each`.
    func list(_ value: JSONValue) throws(RapportError) -> Operand {
        guard case .array(let elements) = value, (1...SegmentCompiler.maximumListCount).contains(elements.count) else {
            throw .invalid(path, "\"in\" takes an array of 1 to \(SegmentCompiler.maximumListCount) values, got \(value.shortDescription)")
        }
        var operands: [JSONValue] = []
        operands.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            operands.append(try operand(element, at: "\(path)[\(index)]").json)
        }
        return .text(JSONValue.array(operands).jsonString)
    }

    /// What a value of the field's kind looks like, for messages.
    private var expected: String {
        switch field.kind {
        case .integer: "an integer"
        case .money: "an amount in minor units (an integer such as 150000 for 1500.00)"
        case .timestamp: "an RFC 3339 time such as 2026-03-01T10:00:00Z"
        case .text: "a string"
        case .tags: "a tag (a string)"
        case .boolean: "true or false"
        case .json: "a string, a number, true or false"
        }
    }
}

extension SegmentField.SQLArgument {
    var databaseValue: DatabaseValue {
        switch self {
        case .integer(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .null: .null
        }
    }
}

/// `text` in quotes for a message, cut short.
private func quoted(_ text: String) -> String {
    "\"" + (text.count <= 80 ? text : String(text.prefix(77)) + "…") + "\""
}
