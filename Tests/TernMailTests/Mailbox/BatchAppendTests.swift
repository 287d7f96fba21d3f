import NIOCore
import Testing

@testable import TernMail

/// The batch append (one COPY/MOVE = one operation): UIDs, lateness, MODSEQ, encoding, checkpoints.
@Suite struct BatchAppendTests {
    static func newMessages(_ range: ClosedRange<UInt64>, flags: [String] = []) -> [NewMessage] {
        range.map {
            NewMessage(
                messageID: MessageID(high: $0, low: $0),
                blobReference: [UInt8($0 & 0xFF)],
                metadataReference: [9],
                flags: flags,
                internalDateMillis: Int64($0),
                size: $0
            )
        }
    }

    static func batch(
        _ frontend: inout MailboxReplayTests.Frontend,
        _ range: ClosedRange<UInt64>,
        flags: [String] = []
    ) throws -> MailboxOperation {
        frontend.clockMillis += 1
        let op = try frontend.writer.append(
            newMessages(range, flags: flags),
            in: frontend.state,
            physicalMillis: frontend.clockMillis
        )
        #expect(try frontend.state.apply(op) == .applied)
        return op
    }

    @Test func batchTakesConsecutiveSlotUIDsAboveTheViewAndOneModSeq() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        _ = try a.append(1)
        let op = try Self.batch(&a, 10...14, flags: ["\\Seen"])
        guard case .appendBatch(let appends) = op.payload else {
            Issue.record("expected a batch, got \(op.payload)")
            return
        }
        #expect(appends.map(\.uid) == [65, 129, 193, 257, 321])
        let view = a.state.view
        #expect(view.messages.map(\.uid) == [1, 65, 129, 193, 257, 321])
        #expect(view.appendCount == 6 && view.uidNext == 322)
        // One operation, one rank: the five copies share the operation's MODSEQ.
        let modSeqs = Set(view.messages.dropFirst().map(\.modSeq))
        #expect(modSeqs == [MailboxState.modSeqStride + 2])
        #expect(view.highestModSeq == 2 * MailboxState.modSeqStride)
        #expect(view.messages.dropFirst().allSatisfy { $0.flags == ["\\Seen"] })

        // A single message is still written as the plain append row older frontends read.
        let single = try Self.batch(&a, 20...20)
        guard case .append(let append) = single.payload else {
            Issue.record("expected a plain append")
            return
        }
        #expect(append.uid == 385)
    }

    @Test func batchesThatBreakTheUIDRulesAreRejected() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        _ = try a.append(1)
        let good = try a.writer.append(Self.newMessages(10...12), in: a.state, physicalMillis: 5_000)
        func withAppends(_ change: ([AppendPayload]) -> [AppendPayload]) -> MailboxOperation {
            var op = good
            op.payload = .appendBatch(change(good.payload.appends))
            return op
        }
        let descending = withAppends { Array($0.reversed()) }
        let equal = withAppends { [$0[0], $0[0]] }
        let wrongSlot = withAppends { appends in
            appends.map {
                AppendPayload(
                    messageID: $0.messageID,
                    blobReference: $0.blobReference,
                    metadataReference: [],
                    flags: [],
                    internalDateMillis: 0,
                    size: 0,
                    uid: $0.uid + 1
                )
            }
        }
        let belowView = withAppends { appends in
            [
                AppendPayload(
                    messageID: MessageID(high: 99, low: 99),
                    blobReference: [],
                    metadataReference: [],
                    flags: [],
                    internalDateMillis: 0,
                    size: 0,
                    uid: 1
                )
            ] + appends
        }
        for op in [descending, equal, wrongSlot, belowView, withAppends { _ in [] }] {
            var state = a.state
            #expect(throws: MailboxLogError.self) { try state.apply(op) }
        }
        #expect(try a.state.apply(good) == .applied)
    }

    /// A single append by B races A's batch: whichever order they arrive in, the messages below
    /// a concurrent UID are late (hidden, UIDVALIDITY unchanged) and the views agree.
    @Test func concurrentSingleAppendRacingABatchMarksLateMessagesPerMessage() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var b = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        var c = try MailboxReplayTests.Frontend(id: 3, slot: 3)
        let base = try a.append(1)
        try b.state.apply(base)
        try c.state.apply(base)
        // A announces 65, 129, 193; B concurrently announces 2, then 66. Late: 65 (66 is above
        // it), 2 and 66 (193 is above them); 129 and 193 are not.
        let fromA = try Self.batch(&a, 10...12)
        let fromB1 = try b.append(20)
        let fromB2 = try b.append(21)
        #expect(a.state.lateIncarnations == 0 && b.state.lateIncarnations == 0)
        try a.state.apply(fromB1)
        try a.state.apply(fromB2)
        try b.state.apply(fromA)
        var delivery = CausalDelivery()
        try delivery.deliver([fromB2, fromA, fromB1], into: &c.state)
        #expect(a.state.view == b.state.view && b.state.view == c.state.view)
        #expect(a.state.lateIncarnations == 3)
        let late = a.state.messages.values.filter(\.isLate).map(\.append.uid).sorted()
        #expect(late == [2, 65, 66])
        #expect(a.state.view.messages.map(\.uid) == [1, 129, 193])
        #expect(a.state.view.vanished.map(\.uid) == [2, 65, 66])
        #expect(a.state.uidValidity == b.state.uidValidity)

        // A later batch that saw both is concurrent with nothing: no change.
        let after = try Self.batch(&a, 30...31)
        try b.state.apply(after)
        #expect(b.state.lateIncarnations == 3)
        #expect(a.state.view == b.state.view)
    }

    @Test func concurrentBatchesRaiseTheModSeqOfEveryMessageTheyTouch() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var b = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let fromA = try Self.batch(&a, 1...3)
        let fromB = try Self.batch(&b, 4...5)
        let highestB = b.state.highestModSeq
        try b.state.apply(fromA)
        try a.state.apply(fromB)
        #expect(a.state.view == b.state.view)
        // The later arrival (A's batch, for B) gained a rank: every message of it, shown or hidden
        // as late (UIDs 1, 65 and 129 against B's 2 and 66: 1 and 65 are late), is above what B showed.
        let view = a.state.view
        let shownOfA = view.messages.filter { $0.messageID.high <= 3 }
        #expect(shownOfA.map(\.uid) == [129] && shownOfA.allSatisfy { $0.modSeq > highestB })
        let hiddenOfA = view.vanished.filter { [1, 65].contains($0.uid) }
        #expect(hiddenOfA.count == 2 && hiddenOfA.allSatisfy { $0.modSeq > highestB })
    }

    @Test func batchEncodingRoundTripsAndIsVersioned() throws {
        var a = try MailboxReplayTests.Frontend(id: 0xBEEF, slot: 7)
        _ = try a.append(1, flags: ["\\Seen"])
        let op = try Self.batch(&a, 2...40, flags: ["$Work", "é"])
        let bytes = try op.encoded()
        #expect(bytes.getInteger(at: 0, as: UInt8.self) == MailboxOperation.batchEncodingVersion)
        #expect(try MailboxOperation.decode(bytes) == op)
        for length in stride(from: 0, to: bytes.readableBytes, by: 7) {
            let prefix = bytes.getSlice(at: 0, length: length) ?? ByteBuffer()
            #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(prefix) }
        }
        // A batch kind under version 1 (or a single append under version 2) is malformed.
        var wrongVersion = bytes
        wrongVersion.setInteger(MailboxOperation.encodingVersion, at: 0)
        #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(wrongVersion) }
        var single = try a.append(50).encoded()
        #expect(single.getInteger(at: 0, as: UInt8.self) == MailboxOperation.encodingVersion)
        single.setInteger(MailboxOperation.batchEncodingVersion, at: 0)
        #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(single) }
    }

    @Test func chunksRespectTheCountAndByteBounds() throws {
        let many = Self.newMessages(1...2_500)
        #expect(MailboxWriter.chunks(many).map(\.count) == [1_000, 1_000, 500])
        let bulky = (1...60).map {
            NewMessage(
                messageID: MessageID(high: $0, low: 0),
                blobReference: [],
                metadataReference: [],
                flags: (0..<200).map { "keyword-\($0)-" + String(repeating: "x", count: 100) },
                internalDateMillis: 0,
                size: 0
            )
        }
        let chunks = MailboxWriter.chunks(bulky)
        #expect(chunks.count > 1 && chunks.flatMap { $0 } == bulky)
        for chunk in chunks {
            #expect(
                chunk.reduce(0) { $0 + MailboxOperation.encodedBytes(of: $1) }
                    <= MailboxOperationLimits.maxBatchBytes
            )
        }
        // The largest chunk still fits a row once built (dependencies and sealing aside).
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        let op = try a.writer.append(chunks[0], in: a.state, physicalMillis: 9_000)
        #expect(try op.encoded().readableBytes < 1 << 20)
        #expect(throws: MailboxLogError.self) {
            try a.writer.append(Self.newMessages(1...1_001), in: a.state, physicalMillis: 9_001)
        }
    }

    @Test func checkpointsCarryBatches() throws {
        var a = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var ops = [try Self.batch(&a, 1...10)]
        let checkpoint = try MailboxCheckpoint(a.state).encoded()
        ops.append(try Self.batch(&a, 11...20))
        ops.append(try a.store(.add, ["\\Flagged"], [3, 15]))
        var restored = try MailboxCheckpoint.decode(checkpoint)
        #expect(restored.view.messages.count == 10)
        var delivery = CausalDelivery()
        try delivery.deliver(ops.reversed(), into: &restored)
        #expect(restored.view == a.state.view)
        #expect(restored.view.messages.filter { $0.flags == ["\\Flagged"] }.count == 2)
    }
}
