/// Builds the operations one writer adds to a mailbox log, from the writer's current view.
/// Pure: the caller passes physical time in and persists the operation before applying or
/// acknowledging it (sync, then write, then acknowledge).
public struct MailboxWriter: Sendable {
    public let writer: Writer
    public private(set) var clock: HybridLogicalClock

    public init(writer: Writer, clock: HybridLogicalClock = .zero) {
        self.writer = writer
        self.clock = clock
    }

    public mutating func append(
        messageID: MessageID,
        blobReference: [UInt8],
        metadataReference: [UInt8],
        flags: [String],
        internalDateMillis: Int64,
        size: UInt64,
        in state: MailboxState,
        physicalMillis: UInt64
    ) throws(MailboxLogError) -> MailboxOperation {
        let payload = AppendPayload(
            messageID: messageID, blobReference: blobReference, metadataReference: metadataReference, flags: flags,
            internalDateMillis: internalDateMillis, size: size, uid: try state.nextUID(for: writer)
        )
        return next(.append(payload), in: state, physicalMillis: physicalMillis)
    }

    public mutating func store(
        _ mode: FlagMode,
        flags: [String],
        messages: [MessageID],
        in state: MailboxState,
        physicalMillis: UInt64
    ) -> MailboxOperation {
        next(.flags(mode: mode, flags: flags, messages: messages), in: state, physicalMillis: physicalMillis)
    }

    public mutating func expunge(
        _ messages: [MessageID],
        in state: MailboxState,
        physicalMillis: UInt64
    ) -> MailboxOperation {
        next(.expunge(messages: messages), in: state, physicalMillis: physicalMillis)
    }

    private mutating func next(
        _ payload: OperationPayload,
        in state: MailboxState,
        physicalMillis: UInt64
    ) -> MailboxOperation {
        clock = clock.receive(state.maxClock, physicalMillis: physicalMillis).tick(physicalMillis: physicalMillis)
        var dependencies = state.position
        let sequence = dependencies[writer.id] + 1
        dependencies[writer.id] = sequence - 1
        return MailboxOperation(
            clock: clock, writer: writer, sequence: sequence, dependencies: dependencies, payload: payload
        )
    }
}
