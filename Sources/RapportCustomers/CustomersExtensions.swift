public import GRDB
public import RapportCore
public import RapportJSON
public import RapportStorage

/// What later modules add to the customers room without editing it: segment fields, timeline
/// entries and export sections.
///
/// An ``ExtensionPoint``: every module's factory adds to it in `extend(_:)`, and the customers
/// room is made with what they added.
///
/// ```swift
/// extensions[CustomersExtensions.self].segmentFields.register(SegmentField(name: "points", kind: .integer, summary: "Available points") { _ in
///     "(SELECT available FROM loyalty_balance b WHERE b.customer_id = c.id)"
/// })
/// ```
public struct CustomersExtensions: ExtensionPoint {
    /// The fields segment rules can name.
    public var segmentFields = SegmentFieldRegistry.customers
    /// Sources of timeline entries beside orders, refunds, interactions and carts.
    public var timelineSources: [TimelineSource] = []
    /// Sections of `customers.export` held by other modules.
    public var exportSources: [ExportSource] = []

    /// The built-in fields and sources only.
    public init() {}
}

/// Timeline entries of one kind, read newest first.
public struct TimelineSource: Sendable {
    /// A page request: the customer, entries strictly before `before` (time, id), at most `limit`.
    public typealias Read = @Sendable (_ customerId: String, _ before: TimelineCursor?, _ limit: Int, _ db: Database) throws -> [TimelineEntry]

    /// The `kind` of its entries.
    public var kind: String
    /// Reads entries newest first (by time, then id, both descending).
    public var read: Read

    /// A source of entries of `kind`, read by `read`.
    public init(kind: String, read: @escaping Read) {
        self.kind = kind
        self.read = read
    }
}

/// A position in a timeline: entries strictly older than (time, id) come next.
public struct TimelineCursor: Sendable, Hashable {
    /// The time of the last entry shown, in milliseconds since 1970.
    public var milliseconds: Int64
    /// The id of the last entry shown; it breaks ties between entries at the same time.
    public var id: String
}

/// One module's section of `customers.export`.
public struct ExportSource: Sendable {
    /// The section's name, the module's name.
    public var module: String
    /// Everything the module holds on the customer, as of `now`.
    public var export: @Sendable (_ customerId: String, _ now: Timestamp, _ db: Database) throws -> JSONValue

    /// A section named `module`, made by `export`.
    public init(module: String, export: @escaping @Sendable (_ customerId: String, _ now: Timestamp, _ db: Database) throws -> JSONValue) {
        self.module = module
        self.export = export
    }
}
