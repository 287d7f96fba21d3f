import Testing

@testable import TernMail

/// Straight-line scripts for the replay rules; the randomized proof is in MailboxConvergenceTests.
@Suite struct MailboxReplayTests {
    struct Frontend {
        var state = MailboxState(uidValidityBase: 1_000)
        var writer: MailboxWriter
        var clockMillis: UInt64 = 1_000

        init(id: UInt64, slot: UInt8) throws {
            writer = MailboxWriter(writer: try Writer(id: id, slot: slot))
        }

        mutating func append(_ n: UInt64, flags: [String] = []) throws -> MailboxOperation {
            clockMillis += 1
            let op = try writer.append(
                messageID: MessageID(high: n, low: n), blobReference: [UInt8(n & 0xFF)], metadataReference: [],
                flags: flags, internalDateMillis: 0, size: n, in: state, physicalMillis: clockMillis
            )
            #expect(try state.apply(op) == .applied)
            return op
        }

        mutating func store(_ mode: FlagMode, _ flags: [String], _ ids: [UInt64]) throws -> MailboxOperation {
            clockMillis += 1
            let op = writer.store(
                mode, flags: flags, messages: ids.map { MessageID(high: $0, low: $0) }, in: state,
                physicalMillis: clockMillis
            )
            #expect(try state.apply(op) == .applied)
            return op
        }
    }

    @Test func sequentialAppendsKeepUIDValidityAndAscend() throws {
        var a = try Frontend(id: 1, slot: 1)
        var b = try Frontend(id: 2, slot: 2)
        let first = try a.append(1)
        try b.state.apply(first)
        let second = try b.append(2)
        try a.state.apply(second)
        let third = try a.append(3)
        try b.state.apply(third)
        #expect(a.state.view == b.state.view)
        #expect(a.state.view.messages.map(\.uid) == [1, 2, 65])
        #expect(a.state.uidValidity == 1_000)
        #expect(a.state.lateIncarnations == 0)
        #expect(a.state.highestModSeq == 3 * MailboxState.modSeqStride)
    }

    @Test func concurrentAppendsHideTheLowerUIDButNeverShareOneOrMoveUIDValidity() throws {
        var a = try Frontend(id: 1, slot: 1)
        var b = try Frontend(id: 2, slot: 2)
        let fromA = try a.append(1)
        let fromB = try b.append(2)
        #expect(a.state.uidValidity == 1_000 && b.state.uidValidity == 1_000)
        try a.state.apply(fromB)
        try b.state.apply(fromA)
        #expect(a.state.view == b.state.view)
        #expect(a.state.uidValidity == 1_000)
        #expect(a.state.view.messages.map(\.uid) == [2])
        #expect(a.state.view.vanished.map(\.uid) == [1])
    }

    @Test func lateConcurrentStoreRaisesModSeqAboveWhatEitherSideAnnounced() throws {
        var a = try Frontend(id: 1, slot: 1)
        var b = try Frontend(id: 2, slot: 2)
        let append = try a.append(1)
        try b.state.apply(append)
        let seenA = try a.store(.add, ["\\Seen"], [1])
        let flaggedB = try b.store(.add, ["\\Flagged"], [1])
        let highestA = a.state.highestModSeq
        let highestB = b.state.highestModSeq
        try a.state.apply(flaggedB)
        try b.state.apply(seenA)
        #expect(a.state.view == b.state.view)
        let message = try #require(a.state.view.messages.first)
        #expect(message.flags == ["\\Flagged", "\\Seen"])
        #expect(message.modSeq > highestA && message.modSeq > highestB)
        #expect(a.state.lateIncarnations == 0)
    }

    @Test func concurrentReplaceAndAddFollowCanonicalOrderWhateverTheArrival() throws {
        var a = try Frontend(id: 1, slot: 1)
        var b = try Frontend(id: 2, slot: 2)
        try b.state.apply(try a.append(1, flags: ["x"]))
        let replace = try a.store(.replace, ["y"], [1])
        let add = try b.store(.add, ["z"], [1])
        try a.state.apply(add)
        try b.state.apply(replace)
        #expect(a.state.view == b.state.view)
        let expected = replace.id < add.id ? ["y", "z"] : ["y"]
        #expect(a.state.view.messages.first?.flags == expected)
    }

    @Test func expungeIsReportedAsVanishedWithItsModSeq() throws {
        var a = try Frontend(id: 1, slot: 1)
        _ = try a.append(1)
        _ = try a.append(2)
        a.clockMillis += 1
        let expunge = a.writer.expunge([MessageID(high: 1, low: 1)], in: a.state, physicalMillis: a.clockMillis)
        try a.state.apply(expunge)
        let view = a.state.view
        #expect(view.messages.map(\.uid) == [65])
        #expect(view.vanished.map(\.uid) == [1])
        #expect(view.vanished.first?.modSeq ?? 0 > 2 * MailboxState.modSeqStride)
    }

    @Test func aFrontendBehindTheClientKnowsItLags() throws {
        var a = try Frontend(id: 1, slot: 1)
        let first = try a.append(1)
        _ = try a.append(2)
        var lagging = MailboxState(uidValidityBase: 1_000)
        try lagging.apply(first)
        #expect(lagging.lagsBehind(clientModSeq: a.state.highestModSeq))
        #expect(!a.state.lagsBehind(clientModSeq: a.state.highestModSeq))
    }

    @Test func replayIsIdempotentAndWaitsForDependencies() throws {
        var a = try Frontend(id: 1, slot: 1)
        let first = try a.append(1)
        let second = try a.append(2)
        var state = MailboxState(uidValidityBase: 1_000)
        #expect(try state.apply(second) == .missingDependencies)
        #expect(try state.apply(first) == .applied)
        #expect(try state.apply(first) == .duplicate)
        #expect(try state.apply(second) == .applied)
        #expect(try state.apply(second) == .duplicate)
        #expect(state.view == a.state.view)
    }

    @Test func operationsBreakingTheRulesAreRejected() throws {
        var a = try Frontend(id: 1, slot: 1)
        var op = try a.append(1)
        op.sequence = 2
        var fresh = MailboxState(uidValidityBase: 1)
        #expect(throws: MailboxLogError.self) { try fresh.apply(op) }
        var wrongSlot = try a.append(2)
        wrongSlot.payload = .append(
            AppendPayload(
                messageID: MessageID(high: 9, low: 9), blobReference: [], metadataReference: [], flags: [],
                internalDateMillis: 0, size: 0, uid: 130
            )
        )
        var other = MailboxState(uidValidityBase: 1)
        try other.apply(try #require(a.state.writers[1]?.operations.first))
        #expect(throws: MailboxLogError.self) { try other.apply(wrongSlot) }
    }
}

@Suite struct MailboxScaleTests {
    @Test func oneStoreOnAThousandMessagesIsOneOperationWithOneModSeq() throws {
        var frontend = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        for n in 1...10_000 { _ = try frontend.append(UInt64(n)) }
        let before = frontend.state.operationCount
        let store = try frontend.store(.add, ["\\Seen"], Array(1...1_000))
        #expect(frontend.state.operationCount == before + 1)
        let view = frontend.state.view
        let seen = view.messages.filter { $0.flags == ["\\Seen"] }
        #expect(seen.count == 1_000)
        #expect(Set(seen.map(\.modSeq)) == [view.highestModSeq - MailboxState.modSeqStride + 2])
        #expect(store.payload.affectedMessages.count == 1_000)
        #expect(view.uidNext == 10_000 * 64 + 1 - 63)
    }
}
