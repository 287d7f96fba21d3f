import TernMail

/// Builds `MailboxView`s by replaying real log operations (MailboxView has no public initialiser).
struct ViewBuilder {
    private(set) var state: MailboxState
    private var writer: MailboxWriter
    private var nextID: UInt64 = 1
    private var millis: UInt64 = 1_700_000_000_000

    init(uidValidityBase: UInt32 = 1000) throws {
        state = MailboxState(uidValidityBase: uidValidityBase)
        writer = MailboxWriter(writer: try Writer(id: 7, slot: 1))
    }

    var view: MailboxView { state.view }

    @discardableResult
    mutating func append(flags: [String] = [], size: UInt64 = 100) throws -> MessageID {
        let id = MessageID(high: 0, low: nextID)
        nextID += 1
        millis += 1000
        let op = try writer.append(
            messageID: id, blobReference: [], metadataReference: [], flags: flags,
            internalDateMillis: Int64(millis), size: size, in: state, physicalMillis: millis)
        _ = try state.apply(op)
        return id
    }

    mutating func store(_ mode: FlagMode, _ flags: [String], _ ids: [MessageID]) throws {
        millis += 1000
        _ = try state.apply(writer.store(mode, flags: flags, messages: ids, in: state, physicalMillis: millis))
    }

    mutating func expunge(_ ids: [MessageID]) throws {
        millis += 1000
        _ = try state.apply(writer.expunge(ids, in: state, physicalMillis: millis))
    }
}
