public import RapportCore
public import RapportRPC
public import RapportStorage

/// A saved rule that picks customers.
public struct Segment: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var rule: SegmentRule
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
}

/// `segments.create`: save a rule under a name.
public enum SegmentsCreate: RPCMethod {
    public static let name = "segments.create"
    public static let summary = "Saves a segment: a name and a rule over customer fields."
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
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.conflict]
    public typealias Result = Segment

    public struct Params: Codable, Sendable, Hashable {
        public var name: String
        public var rule: SegmentRule
        public init(name: String, rule: SegmentRule) {
            self.name = name
            self.rule = rule
        }
    }

    public static func auditTarget(params: Params, result: Segment) -> String? { result.id }
}

/// `segments.update`: rename a segment or change its rule.
public enum SegmentsUpdate: RPCMethod {
    public static let name = "segments.update"
    public static let summary = "Renames a segment or replaces its rule."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    public typealias Result = Segment

    public struct Params: Codable, Sendable, Hashable {
        public var id: String
        public var name: String?
        public var rule: SegmentRule?
        public init(id: String, name: String? = nil, rule: SegmentRule? = nil) {
            self.id = id
            self.name = name
            self.rule = rule
        }
    }

    public static func auditTarget(params: Params, result: Segment) -> String? { params.id }
}

/// `segments.list`: every saved segment.
public enum SegmentsList: RPCMethod {
    public static let name = "segments.list"
    public static let summary = "Lists saved segments by name."
    public typealias Params = NoParams

    public struct Result: Codable, Sendable, Hashable {
        public var items: [Segment]
    }
}

/// `segments.members`: the customers a segment picks now.
public enum SegmentsMembers: RPCMethod {
    public static let name = "segments.members"
    public static let summary = "The customers a segment picks at this moment, in creation order; paginated."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Params = PageOfRecord
    public typealias Result = Page<Customer>
}

/// `segments.preview`: what a rule would pick, without saving it.
public enum SegmentsPreview: RPCMethod {
    public static let name = "segments.preview"
    public static let summary = "Counts the customers a rule picks and shows a sample, without saving anything."

    public struct Params: Codable, Sendable, Hashable {
        public var rule: SegmentRule
        public var sampleSize: Int?
        public init(rule: SegmentRule, sampleSize: Int? = nil) {
            self.rule = rule
            self.sampleSize = sampleSize
        }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var count: Int
        public var sample: [Customer]
    }
}
