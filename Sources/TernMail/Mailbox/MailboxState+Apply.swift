extension MailboxState {
    public enum ApplyOutcome: Hashable, Sendable {
        case applied
        /// Already applied (replays and retried writes are idempotent).
        case duplicate
        /// Some operation it depends on is not here yet; deliver it again later.
        case missingDependencies
    }

    /// Applies one operation whose dependencies are present. Throws for an operation that
    /// breaks the log's rules; every frontend rejects such an operation alike.
    @discardableResult
    public mutating func apply(_ op: MailboxOperation) throws(MailboxLogError) -> ApplyOutcome {
        let writerID = op.writer.id
        let known = writers[writerID]
        if let known {
            if known.writer.slot != op.writer.slot {
                throw MailboxLogError(.invalidOperation, "writer \(writerID) changed slot")
            }
            if op.sequence <= UInt64(known.operations.count) {
                guard known.operations[Int(op.sequence - 1)] == op else {
                    throw MailboxLogError(.conflictingDuplicate, "two different operations \(writerID)#\(op.sequence)")
                }
                return .duplicate
            }
        }
        if op.sequence < 1 { throw MailboxLogError(.invalidOperation, "sequence 0") }
        guard op.dependencies[writerID] == op.sequence - 1 else {
            throw MailboxLogError(.invalidOperation, "operation does not depend on its writer's previous one")
        }
        for (depWriter, count) in op.dependencies.counts where UInt64(writers[depWriter]?.operations.count ?? 0) < count
        {
            return .missingDependencies
        }
        guard operationCount < Self.maxOperations, known != nil || writers.count < Self.maxWriters else {
            throw MailboxLogError(
                .limitExceeded, "mailbox log holds \(operationCount) operations of \(writers.count) writers")
        }
        try validate(op)
        integrate(op)
        return .applied
    }

    private func validate(_ op: MailboxOperation) throws(MailboxLogError) {
        for (depWriter, count) in op.dependencies.counts {
            guard let dep = operation(OperationRef(writerID: depWriter, sequence: count)) else { continue }
            guard dep.clock < op.clock else {
                throw MailboxLogError(.invalidOperation, "clock \(op.clock) is not after its dependency \(dep.id)")
            }
        }
        switch op.payload {
        case .append, .appendBatch:
            let appends = op.payload.appends
            guard !appends.isEmpty, appends.count <= MailboxOperationLimits.maxAppendsPerOperation else {
                let limit = MailboxOperationLimits.maxAppendsPerOperation
                throw MailboxLogError(.invalidOperation, "an append adds 1...\(limit) messages")
            }
            // Each UID above the previous one (the first above the writer's view), so the last is
            // the operation's highest: what `maxUID(within:)` reads.
            var floor = maxUID(within: op.dependencies)
            var ids = Set<MessageID>()
            for append in appends {
                guard append.uid > 0, append.uid % Writer.slotCount == UInt32(op.writer.slot) else {
                    throw MailboxLogError(.invalidOperation, "UID \(append.uid) is outside slot \(op.writer.slot)")
                }
                guard append.uid > floor else {
                    throw MailboxLogError(.invalidOperation, "UID \(append.uid) is not above its writer's view")
                }
                guard messages[append.messageID] == nil, ids.insert(append.messageID).inserted else {
                    throw MailboxLogError(.invalidOperation, "message id \(append.messageID) appended twice")
                }
                if let root = append.reissueOf { try validateReissue(append, of: root, in: op) }
                floor = append.uid
            }
        case .flags(_, _, let targets), .expunge(let targets):
            for target in targets {
                guard let entry = messages[target],
                    op.dependencies.contains(writerID: entry.appendRef.writerID, seq: entry.appendRef.sequence)
                else {
                    throw MailboxLogError(.invalidOperation, "message \(target) is not in the operation's view")
                }
            }
        }
    }

    /// A reissue names the first incarnation of its group, inside the operation's dependencies:
    /// it re-announces a message its writer saw (rule 7).
    private func validateReissue(
        _ append: AppendPayload, of root: MessageID, in op: MailboxOperation
    ) throws(MailboxLogError) {
        guard let entry = messages[root], entry.append.reissueOf == nil,
            op.dependencies.contains(writerID: entry.appendRef.writerID, seq: entry.appendRef.sequence),
            Self.groupKey(of: entry.append) == Self.groupKey(of: append)
        else {
            throw MailboxLogError(.invalidOperation, "reissue of \(root) is not in the operation's view or group")
        }
    }

    /// Adds a valid operation whose dependencies are present. With causal delivery nothing
    /// applied so far is causally after it, so every operation outside its dependencies is
    /// concurrent with it.
    private mutating func integrate(_ op: MailboxOperation) {
        var touched = Set(op.payload.affectedMessages)
        // Lateness per message (rule 2): a new message is late if a concurrent append holds a UID
        // at or above it; a concurrent message is late if the new operation holds one at or above.
        let newHighest = op.payload.highestUID
        let ref = OperationRef(writerID: op.writer.id, sequence: op.sequence)
        let newMaker = LateMaker(id: op.id, ref: ref)
        var concurrentAppends: [(highest: UInt32, maker: LateMaker)] = []

        // Mutate in place through the dictionary (no copy of a writer's arrays per operation).
        for writerID in Array(writers.keys) where writerID != op.writer.id {
            let seen = op.dependencies[writerID]
            let count = UInt64(writers[writerID]?.operations.count ?? 0)
            guard count > seen else { continue }
            for index in Int(seen)..<Int(count) {
                writers[writerID]?.ranks[index] += 1
                guard let concurrent = writers[writerID]?.operations[index] else { continue }
                touched.formUnion(concurrent.payload.affectedMessages)
                if let newHighest, let otherHighest = concurrent.payload.highestUID {
                    for other in concurrent.payload.appends where other.uid <= newHighest {
                        markLate(other.messageID, by: newMaker)
                    }
                    let otherRef = OperationRef(writerID: writerID, sequence: UInt64(index + 1))
                    concurrentAppends.append((otherHighest, LateMaker(id: concurrent.id, ref: otherRef)))
                }
            }
        }

        operationCount += 1
        writers[op.writer.id, default: WriterLog(writer: op.writer)].operations.append(op)
        writers[op.writer.id]?.ranks.append(operationCount)
        if newHighest != nil { writers[op.writer.id]?.appendSequences.append(op.sequence) }
        position[op.writer.id] = op.sequence
        maxClock = max(maxClock, op.clock)

        switch op.payload {
        case .append, .appendBatch:
            let makers = LateMakerIndex(concurrentAppends)
            for append in op.payload.appends {
                appendCount += 1
                maxUID = max(maxUID, append.uid)
                messages[append.messageID] = MessageEntry(append: append, appendRef: ref, flags: append.flags)
                addToGroup(append)
                if let maker = makers.first(atOrAbove: append.uid) { markLate(append.messageID, by: maker) }
            }
        case .flags(_, _, let targets):
            for target in targets { insertFlagOperation(ref, clock: op.id, into: target) }
        case .expunge(let targets):
            for target in targets { messages[target]?.expungeOperations.append(ref) }
        }
        for id in touched { refreshModSeq(id) }
    }

    /// Records `maker` as a late-maker of `id`, keeping the first in canonical order.
    private mutating func markLate(_ id: MessageID, by maker: LateMaker) {
        guard var entry = messages[id] else { return }
        if let current = entry.lateMaker {
            guard maker.id < current.id else { return }
        } else {
            lateIncarnations &+= 1
            lateMessages.insert(id)
        }
        entry.lateMaker = maker
        messages[id] = entry
    }

    private mutating func insertFlagOperation(_ ref: OperationRef, clock: OperationID, into id: MessageID) {
        guard var entry = messages[id] else { return }
        var low = 0
        var high = entry.flagOperations.count
        while low < high {
            let mid = (low + high) / 2
            if let other = operation(entry.flagOperations[mid]), other.id < clock { low = mid + 1 } else { high = mid }
        }
        if entry.flagOperations.contains(ref) { return }
        entry.flagOperations.insert(ref, at: low)
        // A late operation may land in the middle of the canonical order: fold again from the start.
        var flags = entry.append.flags
        for flagRef in entry.flagOperations {
            if let flagOp = operation(flagRef), case .flags(let mode, let values, _) = flagOp.payload {
                flags = mode.apply(values, to: flags)
            }
        }
        entry.flags = flags
        messages[id] = entry
    }

    private mutating func refreshModSeq(_ id: MessageID) {
        guard var entry = messages[id] else { return }
        var value = modSeq(of: entry.appendRef)
        for ref in entry.flagOperations { value = max(value, modSeq(of: ref)) }
        for ref in entry.expungeOperations { value = max(value, modSeq(of: ref)) }
        entry.modSeq = value
        messages[id] = entry
    }
}
