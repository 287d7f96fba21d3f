/// One `status-att-val` of a STATUS response, e.g. `MESSAGES 231` or `HIGHESTMODSEQ 7011231777`.
public struct StatusValue: Hashable, Sendable {
    public var attribute: StatusAttribute
    public var value: UInt64

    public init(_ attribute: StatusAttribute, _ value: UInt64) {
        self.attribute = attribute
        self.value = value
    }
}
