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

    /// One operation adding `messages` (at most `MailboxOperationLimits.maxAppendsPerOperation`,
    /// whose encoding fits `maxBatchBytes`; `MailboxWriter.chunks` cuts larger sets): consecutive
    /// UIDs of the writer's slot above its view, in the given order. A single message is written
    /// as a plain append, the row older frontends read.
    public mutating func append(
        _ messages: [NewMessage],
        in state: MailboxState,
        physicalMillis: UInt64
    ) throws(MailboxLogError) -> MailboxOperation {
        guard !messages.isEmpty, messages.count <= MailboxOperationLimits.maxAppendsPerOperation else {
            let limit = MailboxOperationLimits.maxAppendsPerOperation
            throw MailboxLogError(.invalidOperation, "a batch holds 1...\(limit) messages")
        }
        var uid = UInt64(try state.nextUID(for: writer))
        var payloads: [AppendPayload] = []
        payloads.reserveCapacity(messages.count)
        for message in messages {
            guard uid <= UInt64(UInt32.max) else {
                throw MailboxLogError(.uidSpaceExhausted, "no UID left in slot \(writer.slot)")
            }
            payloads.append(message.payload(uid: UInt32(uid)))
            uid += UInt64(Writer.slotCount)
        }
        let payload: OperationPayload = payloads.count == 1 ? .append(payloads[0]) : .appendBatch(payloads)
        return next(payload, in: state, physicalMillis: physicalMillis)
    }

    /// The one reissue operation this view needs (rule 7), nil when every message shows: the
    /// pending reissues that fit one row (`chunks`), as a batch append. Frontends write at most
    /// one per sync; the rest follow at later syncs.
    public mutating func reissue(
        in state: MailboxState,
        physicalMillis: UInt64,
        using generator: inout some RandomNumberGenerator
    ) throws(MailboxLogError) -> MailboxOperation? {
        guard let batch = Self.chunks(state.pendingReissues(using: &generator)).first else { return nil }
        return try append(batch, in: state, physicalMillis: physicalMillis)
    }

    /// Cuts `messages` into batches of at most `maxAppendsPerOperation` messages and
    /// `maxBatchBytes` encoded bytes, in order: one operation per chunk.
    public static func chunks(_ messages: [NewMessage]) -> [[NewMessage]] {
        var result: [[NewMessage]] = []
        var current: [NewMessage] = []
        var bytes = 0
        for message in messages {
            let size = MailboxOperation.encodedBytes(of: message)
            if !current.isEmpty
                && (current.count == MailboxOperationLimits.maxAppendsPerOperation
                    || bytes + size > MailboxOperationLimits.maxBatchBytes)
            {
                result.append(current)
                current = []
                bytes = 0
            }
            current.append(message)
            bytes += size
        }
        if !current.isEmpty { result.append(current) }
        return result
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
