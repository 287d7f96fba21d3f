/// SORT / UID SORT (RFC 5256).
public struct SortCommand: Hashable, Sendable {
    public var isUID: Bool
    public var criteria: [SortCriterion]
    public var charset: ByteString
    public var keys: [SearchKey]

    public init(isUID: Bool = false, criteria: [SortCriterion], charset: ByteString, keys: [SearchKey]) {
        self.isUID = isUID
        self.criteria = criteria
        self.charset = charset
        self.keys = keys
    }
}

/// `["REVERSE" SP] sort-key`
public struct SortCriterion: Hashable, Sendable {
    public enum Key: String, Hashable, Sendable, CaseIterable {
        case arrival = "ARRIVAL"
        case cc = "CC"
        case date = "DATE"
        case from = "FROM"
        case size = "SIZE"
        case subject = "SUBJECT"
        case to = "TO"
    }

    public var reverse: Bool
    public var key: Key

    public init(_ key: Key, reverse: Bool = false) {
        self.key = key
        self.reverse = reverse
    }
}

/// THREAD / UID THREAD (RFC 5256).
public struct ThreadCommand: Hashable, Sendable {
    public var isUID: Bool
    /// `ORDEREDSUBJECT`, `REFERENCES`, or another atom, uppercased.
    public var algorithm: String
    public var charset: ByteString
    public var keys: [SearchKey]

    public init(isUID: Bool = false, algorithm: String, charset: ByteString, keys: [SearchKey]) {
        self.isUID = isUID
        self.algorithm = algorithm
        self.charset = charset
        self.keys = keys
    }
}
