public import GRDB

/// The `WHERE` of a list query built from optional filters: each condition with its arguments,
/// joined by `AND`, so that every list reads its filters the same way.
///
/// ```swift
/// var filter = SQLFilter("c.merged_into IS NULL")
/// if let source = params.source { filter.add("c.source = ?", source) }
/// let sql = "SELECT … FROM customer c WHERE \(filter.condition)"   // arguments: filter.arguments
/// ```
public struct SQLFilter: Sendable {
    private var conditions: [String]
    /// The arguments of every condition, in order.
    public private(set) var arguments = StatementArguments()

    /// A filter holding `conditions` (none: every row).
    public init(_ conditions: String...) { self.conditions = conditions }

    /// Adds a condition with its `?` arguments.
    public mutating func add(_ condition: String, _ values: (any DatabaseValueConvertible)...) {
        conditions.append(condition)
        _ = arguments.append(contentsOf: StatementArguments(values))
    }

    /// Adds a condition whose arguments are already bound (a compiled segment rule).
    public mutating func add(_ condition: String, arguments more: StatementArguments) {
        conditions.append(condition)
        _ = arguments.append(contentsOf: more)
    }

    /// The conditions joined by `AND`; `1` when there is none.
    public var condition: String { conditions.isEmpty ? "1" : conditions.joined(separator: " AND ") }
}
