@testable import TernMail

/// The writes of `MultiMailboxSimulation`: every one syncs first, persists, may crash before its
/// acknowledgement, then applies its own operation.
extension MultiMailboxSimulation {
    mutating func write(at index: Int) {
        syncList(index)
        let roll = Double.random(in: 0..<1, using: &rng)
        if roll < config.listShare {
            writeList(at: index)
        } else if roll < config.listShare + config.moveShare {
            move(at: index)
        } else if let mailbox = pickMailbox(index) {
            writeMailbox(mailbox, at: index)
        }
    }

    /// After the frontend's own operation is durable: apply it (a writer's operations form a chain).
    mutating func applyOwn(_ logIndex: Int, in mailbox: MailboxID, at index: Int) {
        deliver([logIndex], of: mailbox, to: index)
    }

    /// Append (an import when INBOX), STORE or EXPUNGE in one mailbox.
    mutating func writeMailbox(_ mailbox: MailboxID, at index: Int) {
        syncMailbox(index, mailbox)
        var writer = frontends[index].writers[mailbox] ?? MailboxWriter(writer: frontends[index].writer)
        guard let op = makeOperation(in: mailbox, at: index, writer: &writer) else { return }
        let logIndex = persist(op, in: mailbox)
        if crashes(index) { return }
        frontends[index].writers[mailbox] = writer
        applyOwn(logIndex, in: mailbox, at: index)
        guard case .append(let append) = op.payload else { return }
        let shown = frontends[index].replicas[mailbox]?.state.view.messages.contains {
            $0.messageID == append.messageID && $0.uid == append.uid
        }
        if shown != true { fail("own append not visible under its announced UID") }
        acknowledgeIfLive(mailbox, [append.messageID], at: index)
    }

    /// Built from the frontend's synced view (a function, so that view's storage is released
    /// before the frontend applies the operation: no copy-on-write copy of the state).
    mutating func makeOperation(
        in mailbox: MailboxID,
        at index: Int,
        writer: inout MailboxWriter
    )
        -> MailboxOperation?
    {
        guard let state = frontends[index].replicas[mailbox]?.state else { return nil }
        let physical = physicalMillis(index)
        let live = state.view.messages
        let roll = Double.random(in: 0..<1, using: &rng)
        do {
            if roll < 0.5 || live.isEmpty {
                let reference = Array(
                    "mbox/m/msg/\(MailboxState.importMarker)\(Int.random(in: 0..<6, using: &rng))".utf8
                )
                let isImport =
                    isInbox(mailbox, on: index) && rng.chance(config.importShare)
                    && !state.importReferences().contains(reference)
                return try writer.append(
                    messageID: MessageID.random(using: &rng),
                    blobReference: isImport ? reference : [1],
                    metadataReference: [2],
                    flags: randomFlags(),
                    internalDateMillis: Int64(now),
                    size: 100,
                    in: state,
                    physicalMillis: physical
                )
            } else if roll < 0.8 {
                let targets = pick(1...3, from: live)
                let mode = [FlagMode.add, .remove, .replace].randomElement(using: &rng) ?? .add
                return writer.store(
                    mode,
                    flags: randomFlags(),
                    messages: targets,
                    in: state,
                    physicalMillis: physical
                )
            } else {
                return writer.expunge(pick(1...2, from: live), in: state, physicalMillis: physical)
            }
        } catch {
            fail("writer threw \(error)")
            return nil
        }
    }

    /// Re-reads the whole list; acknowledges only if the mailbox is still live. Returns whether
    /// it did (else the command answers NO).
    @discardableResult
    mutating func acknowledgeIfLive(
        _ mailbox: MailboxID,
        _ messages: [MessageID],
        at index: Int
    )
        -> Bool
    {
        syncList(index, everything: true)
        guard isLive(mailbox, on: index) else { return false }
        acknowledgements.append(
            Acknowledgement(mailbox: mailbox, messages: messages, listCount: listLog.count)
        )
        return true
    }

    /// MOVE of 1-4 messages: one batch append in the target, the re-read of the list, one expunge
    /// in the source, then OK. A crash may come after either write.
    mutating func move(at index: Int) {
        let repeated = rng.chance(config.repeatedMoveShare) ? repeatableMove(at: index) : nil
        guard let source = repeated?.source ?? pickMailbox(index) else { return }
        let others = frontends[index].list.entries().filter { $0.mailbox != source }
        guard let target = repeated?.target ?? others.randomElement(using: &rng)?.mailbox else { return }
        syncMailbox(index, source)
        syncMailbox(index, target)
        var targetWriter =
            frontends[index].writers[target] ?? MailboxWriter(writer: frontends[index].writer)
        guard
            case (let messages, let copies, let batch)? = makeBatch(
                from: source,
                to: target,
                only: repeated?.messages,
                at: index,
                writer: &targetWriter
            )
        else { return }
        if repeated != nil { statistics.repeatedMoves += 1 }
        moveIntents.append(MoveIntent(source: source, messages: messages, target: target))
        let batchIndex = persist(batch, in: target)
        if crashes(index) { return }
        frontends[index].writers[target] = targetWriter
        applyOwn(batchIndex, in: target, at: index)
        let copied = batch.payload.appends
        if copied.map(\.messageID) != copies.map(\.messageID)
            || copied.map(\.uid) != copied.map(\.uid).sorted()
        {
            fail("batch lost or reordered messages")
        }
        syncList(index, everything: true)
        guard isLive(target, on: index) else {
            statistics.movesRefused += 1
            return
        }
        let listCount = listLog.count
        var sourceWriter =
            frontends[index].writers[source] ?? MailboxWriter(writer: frontends[index].writer)
        let expunge: MailboxOperation
        do {
            guard let sourceState = frontends[index].replicas[source]?.state else { return }
            expunge = sourceWriter.expunge(
                messages,
                in: sourceState,
                physicalMillis: physicalMillis(index)
            )
        }
        let expungeIndex = persist(expunge, in: source)
        moves.append(
            Move(
                source: source,
                sourceMessages: messages,
                target: target,
                targetMessages: copies.map(\.messageID),
                origins: copies.compactMap(\.moveOrigin),
                listCount: listCount
            )
        )
        if crashes(index) { return }
        frontends[index].writers[source] = sourceWriter
        applyOwn(expungeIndex, in: source, at: index)
        moves[moves.count - 1].acknowledged = true
        acknowledgements.append(
            Acknowledgement(mailbox: target, messages: copies.map(\.messageID), listCount: listCount)
        )
        statistics.movesAcknowledged += 1
    }

    /// One of the last few MOVEs, whose target this frontend lists (its view of the source may
    /// or may not still show the messages: `makeBatch` keeps the live ones).
    mutating func repeatableMove(at index: Int) -> MoveIntent? {
        let listed = Set(frontends[index].list.entries().map(\.mailbox))
        let recent = moveIntents.suffix(4).filter { listed.contains($0.source) && listed.contains($0.target) }
        return recent.randomElement(using: &rng)
    }

    /// 1-4 live messages of the source (those of `only` still live, when given) and the batch
    /// append of their copies to the target, each carrying its move origin.
    mutating func makeBatch(
        from source: MailboxID,
        to target: MailboxID,
        only: [MessageID]? = nil,
        at index: Int,
        writer: inout MailboxWriter
    )
        -> (sources: [MessageID], copies: [NewMessage], batch: MailboxOperation)?
    {
        guard let sourceView = frontends[index].replicas[source]?.state.view,
            let targetState = frontends[index].replicas[target]?.state
        else { return nil }
        let chosen = Set(only ?? pick(1...4, from: sourceView.messages))
        let messages = sourceView.messages.filter { chosen.contains($0.messageID) }
        guard !messages.isEmpty else { return nil }
        let copies = messages.map {
            NewMessage(
                messageID: MessageID.random(using: &rng),
                blobReference: [3],
                metadataReference: [4],
                flags: $0.flags,
                internalDateMillis: $0.internalDateMillis,
                size: $0.size,
                moveOrigin: MoveOrigin(mailbox: source, message: $0.moveIdentity)
            )
        }
        do {
            let batch = try writer.append(copies, in: targetState, physicalMillis: physicalMillis(index))
            return (messages.map(\.messageID), copies, batch)
        } catch {
            fail("batch writer threw \(error)")
            return nil
        }
    }

    /// CREATE, RENAME or DELETE, built from the frontend's merged list (as `Account` does).
    mutating func writeList(at index: Int) {
        frontends[index].listClock = frontends[index].listClock.tick(
            physicalMillis: physicalMillis(index)
        )
        let id = OperationID(clock: frontends[index].listClock, writerID: frontends[index].writer.id)
        let list = frontends[index].list
        let candidates = list.entries().filter { $0.name != MailboxList.inbox }
        let name = Self.names.randomElement(using: &rng) ?? "A"
        let op: MailboxListOperation?
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4:
            op = try? list.create(name, id: id, deriveID: MailboxListTests.derive)
        case 4..<7:
            op = candidates.randomElement(using: &rng).flatMap {
                try? list.rename($0.name, to: name, id: id)
            }
            if op != nil { statistics.renames += 1 }
        default:
            op = candidates.randomElement(using: &rng).flatMap { try? list.delete($0.name, id: id) }
            if op != nil { statistics.deletes += 1 }
        }
        guard let op else { return }
        persist(op)
        statistics.listWrites += 1
        if crashes(index) { return }
        do {
            try frontends[index].list.merge([op])
            frontends[index].listDelivered[listLog.count - 1] = true
        } catch {
            fail("own list operation refused: \(error)")
        }
    }

    // MARK: - Helpers

    func isInbox(_ mailbox: MailboxID, on index: Int) -> Bool {
        frontends[index].list.entry(named: MailboxList.inbox)?.mailbox == mailbox
    }

    mutating func pick(_ count: ClosedRange<Int>, from messages: [MailboxView.Message]) -> [MessageID] {
        (0..<Int.random(in: count, using: &rng)).compactMap { _ in
            messages.randomElement(using: &rng)?.messageID
        }
    }

    func randomFlags() -> [String] {
        var generator = SeededGenerator(seed: UInt64(now) &* 31 &+ seed)
        return ConvergenceSimulation.flagPool.filter { _ in generator.chance(0.3) }
    }
}
