/// `esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)` (RFC 4731 / 9051).
public struct ESearchResponse: Hashable, Sendable {
    /// The tag of the SEARCH command this answers: `(TAG "A282")`.
    public var correlator: ByteString?
    public var uid: Bool
    public var items: [ESearchItem]

    public init(correlator: ByteString? = nil, uid: Bool = false, items: [ESearchItem]) {
        self.correlator = correlator
        self.uid = uid
        self.items = items
    }
}

/// One `search-return-data` item.
public enum ESearchItem: Hashable, Sendable {
    case min(UInt32)
    case max(UInt32)
    case all(SequenceSet)
    case count(UInt32)
    /// CONDSTORE (RFC 7162).
    case modSeq(ModSeq)
    case other(name: String, value: ExtensionValue)
}
