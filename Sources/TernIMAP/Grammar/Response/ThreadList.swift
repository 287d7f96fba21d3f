/// `thread-list = "(" (thread-members / thread-nested) ")"` (RFC 5256): a chain of messages, each the parent of
/// the next, whose last one has the nested `children` threads (none, or two or more).
public struct ThreadList: Hashable, Sendable {
    public var messages: [UInt32]
    public var children: [ThreadList]

    public init(messages: [UInt32], children: [ThreadList] = []) {
        self.messages = messages
        self.children = children
    }
}
