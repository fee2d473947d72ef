public import GRDB
public import RapportCore
import RapportStorage

extension CustomersService {
    /// Customers a rule may pick: neither merged away nor erased.
    static let livingCustomers = "c.merged_into IS NULL AND c.erased_at IS NULL"

    func createSegment(_ params: SegmentsCreate.Params, in context: WriteContext) throws -> Segment {
        let name = try Self.segmentName(params.name)
        _ = try SegmentCompiler.compile(params.rule, fields: extensions.segmentFields, now: context.now)
        try ensureSegmentNameFree(name, except: nil, in: context.db)
        let segment = Segment(
            id: context.newID("seg", at: context.now), name: name, rule: params.rule,
            createdAt: context.now, updatedAt: context.now)
        try context.db.execute(
            sql: "INSERT INTO segment (id, name, rule, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                segment.id, name, try CustomerRow.encodeJSON(segment.rule),
                context.now.millisecondsSince1970, context.now.millisecondsSince1970,
            ])
        return segment
    }

    func updateSegment(_ params: SegmentsUpdate.Params, in context: WriteContext) throws -> Segment {
        var segment = try segment(params.id, in: context.db, field: "id")
        if let name = params.name {
            segment.name = try Self.segmentName(name)
            try ensureSegmentNameFree(segment.name, except: segment.id, in: context.db)
        }
        if let rule = params.rule {
            _ = try SegmentCompiler.compile(rule, fields: extensions.segmentFields, now: context.now)
            segment.rule = rule
        }
        segment.updatedAt = context.now
        try context.db.execute(
            sql: "UPDATE segment SET name = ?, rule = ?, updated_at = ? WHERE id = ?",
            arguments: [segment.name, try CustomerRow.encodeJSON(segment.rule), context.now.millisecondsSince1970, segment.id])
        return segment
    }

    func segments(in db: Database) throws -> [Segment] {
        try Row.fetchAll(db, sql: "SELECT id, name, rule, created_at, updated_at FROM segment ORDER BY name").map(Self.segment)
    }

    /// The segment with this id, refusing an unknown one with a clear error naming `field`.
    public func segment(_ id: String, in db: Database, field: String = "segmentId") throws -> Segment {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, name, rule, created_at, updated_at FROM segment WHERE id = ?", arguments: [id]) else {
            throw RapportError.notFound("segment", id, field: field)
        }
        return try Self.segment(row)
    }

    /// The ids of every living member of a segment at `now`, for other modules' computations.
    ///
    /// - Throws: `not_found` naming `field` for an unknown segment.
    public func memberIds(ofSegment segmentId: String, at now: Timestamp, in db: Database, field: String = "segmentId") throws -> [String] {
        let segment = try segment(segmentId, in: db, field: field)
        let compiled = try SegmentCompiler.compile(segment.rule, fields: extensions.segmentFields, now: now)
        return try String.fetchAll(
            db, sql: "SELECT c.id FROM customer c WHERE \(Self.livingCustomers) AND (\(compiled.whereClause))", arguments: compiled.arguments)
    }

    func members(_ params: SegmentsMembers.Params, in context: ReadContext) throws -> Page<Customer> {
        let limit = try Pagination.limit(params.limit)
        let segment = try segment(params.id, in: context.db, field: "id")
        let compiled = try SegmentCompiler.compile(segment.rule, fields: extensions.segmentFields, now: context.now)
        var condition = "\(Self.livingCustomers) AND (\(compiled.whereClause))"
        var arguments = compiled.arguments
        if let after = try Pagination.id(fromCursor: params.cursor) {
            condition += " AND c.id > ?"
            _ = arguments.append(contentsOf: [after])
        }
        return try page(where: condition, arguments, limit: limit, in: context.db)
    }

    func preview(_ params: SegmentsPreview.Params, in context: ReadContext) throws -> SegmentsPreview.Result {
        let sampleSize = try Pagination.limit(params.sampleSize, standard: 10, maximum: 100)
        let compiled = try SegmentCompiler.compile(params.rule, fields: extensions.segmentFields, now: context.now)
        let condition = "\(Self.livingCustomers) AND (\(compiled.whereClause))"
        let count = try Int.fetchOne(context.db, sql: "SELECT count(*) FROM customer c WHERE \(condition)", arguments: compiled.arguments) ?? 0
        let sample = try page(where: condition, compiled.arguments, limit: sampleSize, in: context.db).items
        return SegmentsPreview.Result(count: count, sample: sample)
    }

    /// The names of the segments that pick this customer now.
    func segmentNames(containing customerId: String, in db: Database, now: Timestamp) throws -> [String] {
        try segments(in: db).filter { try picks($0, customerId, at: now, in: db) }.map(\.name)
    }

    /// Whether `segment`'s rule picks this living customer at `now`.
    func picks(_ segment: Segment, _ customerId: String, at now: Timestamp, in db: Database) throws -> Bool {
        let compiled = try SegmentCompiler.compile(segment.rule, fields: extensions.segmentFields, now: now)
        var arguments: StatementArguments = [customerId]
        _ = arguments.append(contentsOf: compiled.arguments)
        return try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM customer c WHERE c.id = ? AND \(Self.livingCustomers) AND (\(compiled.whereClause)))",
            arguments: arguments) ?? false
    }

    private func ensureSegmentNameFree(_ name: String, except id: String?, in db: Database) throws {
        if let holder = try String.fetchOne(db, sql: "SELECT id FROM segment WHERE name = ? AND id IS NOT ?", arguments: [name, id]) {
            throw RapportError(.conflict, "a segment named \"\(name)\" exists (\(holder))", field: "name", details: ["existingId": .string(holder)])
        }
    }

    private static func segmentName(_ name: String) throws(RapportError) -> String {
        let name = try TextInput.text(name, field: "name", max: 100)
        guard !name.isEmpty else { throw RapportError.invalid("name", "a segment needs a name") }
        return name
    }

    private static func segment(_ row: Row) throws -> Segment {
        Segment(
            id: row[0], name: row[1], rule: try CustomerRow.decodeJSON(SegmentRule.self, row[2]),
            createdAt: Timestamp(millisecondsSince1970: row[3]), updatedAt: Timestamp(millisecondsSince1970: row[4]))
    }
}
