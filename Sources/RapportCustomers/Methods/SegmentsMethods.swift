public import RapportCore
public import RapportRPC
public import RapportStorage

/// A saved rule that picks customers.
public struct Segment: Codable, Sendable, Hashable {
    /// The segment's id, `seg_…`.
    public var id: String
    /// The segment's name: 1–100 characters after trimming, unique.
    public var name: String
    /// The rule that picks its customers.
    public var rule: SegmentRule
    /// When the segment was saved.
    public var createdAt: Timestamp
    /// When the name or rule was last changed (or the segment saved).
    public var updatedAt: Timestamp
}

/// `segments.create`: save a rule under a name.
public enum SegmentsCreate: RPCMethod {
    /// The method's wire name.
    public static let name = "segments.create"
    /// The method's line for protocol.md.
    public static let summary = "Saves a segment: a name and a rule over customer fields."
    /// The method's further paragraphs for protocol.md: the rule's shape, ops and fields, and when it is checked.
    public static let discussion = """
        A rule is `{"all":[…]}`, `{"any":[…]}`, `{"not":{…}}` or a condition \
        `{"field":"daysSinceLastOrder","op":">","value":60}`. Ops: = != < <= > >= in contains between. \
        Fields: tags, source, totalSpent, orderCount, averageCheck (integer division), hasOrdered, \
        firstOrderAt, lastOrderAt, createdAt, daysSinceLastOrder (null, so never matching, for a customer \
        without orders: add `hasOrdered`), birthdayInDays (0 = today; Feb 29 falls on Feb 28 in other years), \
        locale, name, email, phone, consent.<email|sms|messenger>, attributes.<key>, and the fields other \
        modules add. `= null` and `!= null` test for absence. The rule is checked when saved (an unknown \
        field or op is -32602 naming it) and compiled to one SQL query when members are read.
        """
    /// Mutating: it saves a segment.
    public static let isMutating = true
    /// Answers `conflict` when another segment has the name.
    public static let errors: [RapportError.Reason] = [.conflict]
    /// The saved segment.
    public typealias Result = Segment

    /// A segments.create params value: a name and a rule.
    public struct Params: Codable, Sendable, Hashable {
        /// The segment's name: 1–100 characters after trimming, unique.
        public var name: String
        /// The rule, checked against the known fields and ops when saved.
        public var rule: SegmentRule
        /// Params saving `rule` under `name`.
        public init(name: String, rule: SegmentRule) {
            self.name = name
            self.rule = rule
        }
    }

    /// The audit target: the new segment's id.
    public static func auditTarget(params: Params, result: Segment) -> String? { result.id }
}

/// `segments.update`: rename a segment or change its rule.
public enum SegmentsUpdate: RPCMethod {
    /// The method's wire name.
    public static let name = "segments.update"
    /// The method's line for protocol.md.
    public static let summary = "Renames a segment or replaces its rule."
    /// Mutating: it renames a segment or replaces its rule.
    public static let isMutating = true
    /// Answers `not_found` for an unknown id, `conflict` when another segment has the new name.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    /// The segment after the change.
    public typealias Result = Segment

    /// A segments.update params value: the segment and what to change.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the segment to change, `seg_…`.
        public var id: String
        /// The new name, 1–100 characters after trimming, unique; nil keeps it.
        public var name: String?
        /// The new rule, checked when saved; nil keeps it.
        public var rule: SegmentRule?
        /// Params changing segment `id`; nil `name` and `rule` keep theirs.
        public init(id: String, name: String? = nil, rule: SegmentRule? = nil) {
            self.id = id
            self.name = name
            self.rule = rule
        }
    }

    /// The audit target: the changed segment's id.
    public static func auditTarget(params: Params, result: Segment) -> String? { params.id }
}

/// `segments.list`: every saved segment.
public enum SegmentsList: RPCMethod {
    /// The method's wire name.
    public static let name = "segments.list"
    /// The method's line for protocol.md.
    public static let summary = "Lists saved segments by name."
    /// It takes no params.
    public typealias Params = NoParams

    /// The segments.list result: every saved segment.
    public struct Result: Codable, Sendable, Hashable {
        /// The saved segments, sorted by name.
        public var items: [Segment]
    }
}

/// `segments.members`: the customers a segment picks now.
public enum SegmentsMembers: RPCMethod {
    /// The method's wire name.
    public static let name = "segments.members"
    /// The method's line for protocol.md.
    public static let summary = "The customers a segment picks at this moment, in creation order; paginated."
    /// Answers `not_found` for an unknown segment id.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The segment's id, a page size and the cursor of the previous page.
    public typealias Params = PageOfRecord
    /// One page of the living (neither erased nor merged) customers the rule picks now, in id order.
    public typealias Result = Page<Customer>
}

/// `segments.preview`: what a rule would pick, without saving it.
public enum SegmentsPreview: RPCMethod {
    /// The method's wire name.
    public static let name = "segments.preview"
    /// The method's line for protocol.md.
    public static let summary = "Counts the customers a rule picks and shows a sample, without saving anything."

    /// A segments.preview params value: the rule to try and the sample size.
    public struct Params: Codable, Sendable, Hashable {
        /// The rule to try, checked like a saved one.
        public var rule: SegmentRule
        /// How many customers to show, 1–100; nil means 10.
        public var sampleSize: Int?
        /// Params previewing `rule` with a sample of `sampleSize`.
        public init(rule: SegmentRule, sampleSize: Int? = nil) {
            self.rule = rule
            self.sampleSize = sampleSize
        }
    }

    /// The segments.preview result: the number picked and a few of them.
    public struct Result: Codable, Sendable, Hashable {
        /// How many living (neither erased nor merged) customers the rule picks now.
        public var count: Int
        /// The first of them in id order, at most `sampleSize`.
        public var sample: [Customer]
    }
}
