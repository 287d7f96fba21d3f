/// `quota-resource = resource-name SP resource-usage SP resource-limit` (RFC 9208).
public struct QuotaResource: Hashable, Sendable {
    /// `STORAGE`, `MESSAGE`, `MAILBOX`, `ANNOTATION-STORAGE` or another atom.
    public var name: String
    public var usage: UInt64
    public var limit: UInt64

    public init(name: String, usage: UInt64, limit: UInt64) {
        self.name = name
        self.usage = usage
        self.limit = limit
    }
}
