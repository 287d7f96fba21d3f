/// `response-tagged = tag SP resp-cond-state CRLF`: the completion of the command with `tag`.
public struct TaggedResponse: Hashable, Sendable {
    public var tag: Tag
    public var status: StatusKind
    public var text: ResponseText

    public init(tag: Tag, status: StatusKind, text: ResponseText) {
        self.tag = tag
        self.status = status
        self.text = text
    }
}
