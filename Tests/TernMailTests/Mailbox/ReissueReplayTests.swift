import NIOCore
import Testing

@testable import TernMail

/// Late incarnations hidden, reissued under a new UID, UIDVALIDITY constant (uid-conflicts.md,
/// rules 2 and 6-8): straight-line scripts; the randomized proof is in the simulations.
@Suite struct ReissueReplayTests {
    static func id(_ n: UInt64) -> MessageID { MessageID(high: n, low: n) }

    /// `frontend` writes the reissue its view needs (the product's `MailboxWriter.reissue`).
    static func reissue(_ frontend: inout MailboxReplayTests.Frontend, seed: UInt64 = 1) throws -> MailboxOperation {
        frontend.clockMillis += 1
        var generator = SeededGenerator(seed: seed)
        let op = try #require(
            try frontend.writer.reissue(in: frontend.state, physicalMillis: frontend.clockMillis, using: &generator))
        #expect(try frontend.state.apply(op) == .applied)
        return op
    }

    /// A and B append at once (UIDs 1 and 2) and each applies the other's: UID 1 is late on both.
    static func appendConcurrently(
        _ a: inout MailboxReplayTests.Frontend, _ b: inout MailboxReplayTests.Frontend
    ) throws -> (fromA: MailboxOperation, fromB: MailboxOperation) {
        let fromA = try a.append(1)
        let fromB = try b.append(2)
        try a.state.apply(fromB)
        try b.state.apply(fromA)
        return (fromA, fromB)
    }

    static func needsNoReissue(_ state: MailboxState) -> Bool {
        var generator = SeededGenerator(seed: 9)
        return state.pendingReissues(using: &generator).isEmpty
    }

    /// A and B append at once (UIDs 1 and 2): UID 1 is late, hidden in every view, with a VANISHED
    /// MODSEQ above what A's client saw; a reissue shows it again under UID 65.
    @Test func concurrentAppendsHideTheLowerAndAReissueShowsItAgain() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var b = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let fromA = try a.append(1, flags: ["\\Seen"])
        let fromB = try b.append(2)
        let seenOnA = a.state.view
        #expect(seenOnA.messages.map(\.uid) == [1])
        try a.state.apply(fromB)
        try b.state.apply(fromA)
        #expect(a.state.view == b.state.view)
        let merged = a.state.view
        #expect(merged.uidValidity == 1_000 && merged.lateIncarnations == 1)
        #expect(merged.messages.map(\.uid) == [2])
        let hidden = try #require(merged.vanished.first)
        #expect(hidden.uid == 1 && hidden.modSeq > seenOnA.highestModSeq)

        let reissue = try Self.reissue(&a)
        let append = try #require(reissue.payload.appends.first)
        #expect(reissue.payload.appends.count == 1)
        #expect(append.reissueOf == Self.id(1) && append.uid == 65 && append.flags == ["\\Seen"])
        #expect(append.blobReference == [1] && append.size == 1)
        try b.state.apply(reissue)
        #expect(a.state.view == b.state.view)
        let after = a.state.view
        #expect(after.uidValidity == 1_000 && after.messages.map(\.uid) == [2, 65])
        #expect(after.messages.last?.flags == ["\\Seen"] && after.vanished.map(\.uid) == [1])
        #expect(after.messages.last.map { $0.modSeq > merged.highestModSeq } == true)
        #expect(Self.needsNoReissue(a.state) && a.state.reissuedMessages == 1)
    }

    /// Both frontends reissue the hidden message at once: the higher reissue shows, the lower one
    /// is late in turn; nothing is left to reissue.
    @Test func concurrentReissuesShowTheHigherOne() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var b = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let (fromA, fromB) = try Self.appendConcurrently(&a, &b)
        let reissueA = try Self.reissue(&a, seed: 1)
        let reissueB = try Self.reissue(&b, seed: 2)
        try a.state.apply(reissueB)
        try b.state.apply(reissueA)
        let views = try MoveCopyReplayTests.viewsInEveryOrder([fromA, fromB, reissueA, reissueB])
        #expect(views == [a.state.view] && a.state.view == b.state.view)
        #expect(a.state.view.messages.map(\.uid) == [2, 66])
        #expect(a.state.view.vanished.map(\.uid) == [1, 65])
        #expect(Self.needsNoReissue(a.state))
    }

    /// Two concurrent MOVE copies of one message and a third frontend's append above both: the
    /// whole group is hidden, and its reissue keeps the move origin (one message, shown once).
    @Test func aMoveGroupWhoseHighestCopyIsLateIsReissuedWithItsOrigin() throws {
        var x = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var y = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        var z = try MailboxReplayTests.Frontend(id: 3, slot: 3)
        let ops = [
            try MoveCopyReplayTests.copy(&x, id: 10), try MoveCopyReplayTests.copy(&y, id: 20), try z.append(3),
        ]
        for op in ops where z.state.position[op.writer.id] < op.sequence { try z.state.apply(op) }
        #expect(z.state.view.messages.map(\.uid) == [3])
        #expect(z.state.view.vanished.map(\.uid) == [1, 2])
        let reissue = try Self.reissue(&z)
        let append = try #require(reissue.payload.appends.first)
        #expect(append.moveOrigin == MoveCopyReplayTests.origin && append.reissueOf == Self.id(20))
        let views = try MoveCopyReplayTests.viewsInEveryOrder(ops + [reissue])
        #expect(views == [z.state.view])
        #expect(z.state.view.messages.map(\.uid) == [3, 67])
        #expect(z.state.view.messages.last?.moveOrigin == MoveCopyReplayTests.origin)
        #expect(z.state.view.messages.last?.moveIdentity == MoveCopyReplayTests.origin.movedIdentity)
    }

    /// Two imports of one incoming object race a third append: the higher import is late too; its
    /// reissue names the same import reference. (Two imports alone: the higher one shows.)
    @Test func anImportGroupShowsItsHighestAndIsReissuedWhenThatIsLate() throws {
        let reference = Array("mbox/m/msg/\(MailboxState.importMarker)7".utf8)
        func importing(_ frontend: inout MailboxReplayTests.Frontend, _ n: UInt64) throws -> MailboxOperation {
            frontend.clockMillis += 1
            let op = try frontend.writer.append(
                messageID: Self.id(n), blobReference: reference, metadataReference: [], flags: [],
                internalDateMillis: 0, size: 5, in: frontend.state, physicalMillis: frontend.clockMillis)
            try frontend.state.apply(op)
            return op
        }
        var x = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var y = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        var z = try MailboxReplayTests.Frontend(id: 3, slot: 3)
        let fromX = try importing(&x, 10)
        let fromY = try importing(&y, 20)
        try x.state.apply(fromY)
        #expect(x.state.view.messages.map(\.uid) == [2] && x.state.view.vanished.map(\.uid) == [1])
        #expect(Self.needsNoReissue(x.state))
        let fromZ = try z.append(3)
        try z.state.apply(fromX)
        try z.state.apply(fromY)
        #expect(z.state.view.messages.map(\.uid) == [3])
        let reissue = try Self.reissue(&z)
        #expect(reissue.payload.appends.first?.blobReference == reference)
        #expect(z.state.view.messages.map(\.uid) == [3, 67])
        #expect(z.state.view.messages.last?.moveIdentity == MoveOrigin.importIdentity(reference))
        #expect(try MoveCopyReplayTests.viewsInEveryOrder([fromX, fromY, fromZ, reissue]) == [z.state.view])
    }

    /// A client shown UID 1 before it was hidden still STOREs and EXPUNGEs it: both act on the
    /// message, now shown as the reissue.
    @Test func storeAndExpungeOnAHiddenUIDReachTheMessage() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var b = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        _ = try Self.appendConcurrently(&a, &b)
        _ = try Self.reissue(&a)
        let before = a.state.view.highestModSeq
        _ = try a.store(.add, ["\\Flagged"], [1])
        #expect(a.state.view.messages.map(\.uid) == [2, 65])
        #expect(a.state.view.messages.last?.flags == ["\\Flagged"])
        #expect(a.state.view.messages.last.map { $0.modSeq > before } == true)
        _ = try MoveCopyReplayTests.expunge(&a, [1])
        #expect(a.state.view.messages.map(\.uid) == [2])
        #expect(a.state.view.vanished.map(\.uid) == [1, 65])
        #expect(Self.needsNoReissue(a.state))
    }

    /// Replay refuses a reissue that names a message outside its view, another group, or a reissue.
    @Test func reissuesThatBreakTheRulesAreRejected() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var b = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let (fromA, fromB) = try Self.appendConcurrently(&a, &b)
        let good = try Self.reissue(&a)
        func changed(_ change: (inout AppendPayload) -> Void) -> MailboxOperation {
            var op = good
            guard case .append(var append) = op.payload else { return op }
            change(&append)
            op.payload = .append(append)
            return op
        }
        var fresh = b.state
        for bad in [
            changed { $0.reissueOf = Self.id(99) },  // no such message
            changed { $0.moveOrigin = MoveCopyReplayTests.origin },  // another group
        ] {
            var state = fresh
            #expect(throws: MailboxLogError.self) { try state.apply(bad) }
        }
        // Outside its view: C never saw message 1.
        var c = try MailboxReplayTests.Frontend(id: 3, slot: 3)
        try c.state.apply(fromB)
        c.clockMillis = 100
        let blind = c.writer.store(.add, flags: [], messages: [], in: c.state, physicalMillis: 100)
        var outside = blind
        outside.payload = .append(
            AppendPayload(
                messageID: Self.id(50), blobReference: [1], metadataReference: [], flags: [], internalDateMillis: 0,
                size: 1, uid: 67, reissueOf: Self.id(1)))
        try c.state.apply(fromA)
        #expect(throws: MailboxLogError.self) { try c.state.apply(outside) }
        // A reissue of a reissue names the group's first incarnation, never the reissue.
        try fresh.apply(good)
        let reissued = try #require(good.payload.appends.first?.messageID)
        var nested = changed { $0.reissueOf = reissued }
        nested.sequence = 2
        nested.dependencies = fresh.position
        nested.dependencies[1] = 1
        #expect(throws: MailboxLogError.self) { try fresh.apply(nested) }
        #expect(try b.state.apply(good) == .applied)
    }

    @Test func reissueRowsRoundTripAsVersion4AndOldRowsKeepTheirBytes() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var b = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let fromA = try a.append(1)
        let fromB = try b.append(2)
        try a.state.apply(fromB)
        let plain = try fromA.encoded()
        #expect(plain.getInteger(at: 0, as: UInt8.self) == MailboxOperation.encodingVersion)
        let reissue = try Self.reissue(&a)
        let bytes = try reissue.encoded()
        #expect(bytes.getInteger(at: 0, as: UInt8.self) == MailboxOperation.reissueEncodingVersion)
        #expect(try MailboxOperation.decode(bytes) == reissue)
        for length in 0..<bytes.readableBytes {
            let prefix = bytes.getSlice(at: 0, length: length) ?? ByteBuffer()
            #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(prefix) }
        }
        var badMarker = bytes
        badMarker.setInteger(UInt8(2), at: bytes.readableBytes - 17)
        #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(badMarker) }
        // A batch of reissues, some with a move origin and some without.
        var batch = reissue
        guard case .append(let first) = reissue.payload else { return }
        var second = first
        second.messageID = Self.id(77)
        second.uid = first.uid + 64
        second.moveOrigin = MoveCopyReplayTests.origin
        batch.payload = .appendBatch([first, second])
        let batchBytes = try batch.encoded()
        #expect(batchBytes.getInteger(at: 0, as: UInt8.self) == MailboxOperation.reissueEncodingVersion)
        #expect(try MailboxOperation.decode(batchBytes) == batch)
        // A row's byte budget counts the reissue fields (marker, id and the origin marker).
        let message = NewMessage(
            messageID: first.messageID, blobReference: first.blobReference, metadataReference: first.metadataReference,
            flags: first.flags, internalDateMillis: first.internalDateMillis, size: first.size)
        var reissued = message
        reissued.reissueOf = first.reissueOf
        #expect(MailboxOperation.encodedBytes(of: reissued) == MailboxOperation.encodedBytes(of: message) + 18)
    }

    @Test func checkpointsAndTheIncrementalViewCarryReissues() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var b = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let fromA = try a.append(1)
        let fromB = try b.append(2)
        try a.state.apply(fromB)
        let position = a.state.position
        let previous = a.state.view
        let reissue = try Self.reissue(&a)
        // A reissue's group has two incarnations: the cheap extension is not taken, the view exact.
        #expect(a.state.view(extending: previous, at: position) == a.state.view)
        let checkpoint = try MailboxCheckpoint(a.state).encoded()
        let later = try a.append(3)
        var restored = try MailboxCheckpoint.decode(checkpoint)
        #expect(try restored.view == MailboxState.viewAfter([fromA, fromB, reissue]))
        try restored.apply(later)
        #expect(restored.view == a.state.view && restored.reissuedMessages == 1 && restored.lateIncarnations == 1)
    }
}

extension MailboxState {
    /// The view of a fresh state after `ops` (in causal order).
    static func viewAfter(_ ops: [MailboxOperation]) throws -> MailboxView {
        var state = MailboxState(uidValidityBase: 1_000)
        var delivery = CausalDelivery()
        _ = try delivery.deliver(ops, into: &state)
        return state.view
    }
}
