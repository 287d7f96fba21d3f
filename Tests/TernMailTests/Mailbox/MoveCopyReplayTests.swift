import Testing

@testable import TernMail

/// MOVE exactly once (uid-conflicts.md, rule 6): copies with one move origin in one mailbox are
/// one message, in every view and every delivery order.
@Suite struct MoveCopyReplayTests {
    static let source = MailboxID(high: 0x50, low: 0x50)
    static let moved = MessageID(high: 0x77, low: 0x77)
    static let origin = MoveOrigin(mailbox: source, message: moved)

    /// `frontend` writes a MOVE's (or with `origin: nil` a COPY's) copy of one message into its mailbox.
    static func copy(
        _ frontend: inout MailboxReplayTests.Frontend, id: UInt64, origin: MoveOrigin? = Self.origin,
        flags: [String] = ["\\Seen"]
    ) throws -> MailboxOperation {
        frontend.clockMillis += 1
        let message = NewMessage(
            messageID: MessageID(high: id, low: id), blobReference: [UInt8(id & 0xFF)], metadataReference: [],
            flags: flags, internalDateMillis: 5, size: 10, moveOrigin: origin)
        let op = try frontend.writer.append([message], in: frontend.state, physicalMillis: frontend.clockMillis)
        #expect(try frontend.state.apply(op) == .applied)
        return op
    }

    static func expunge(_ frontend: inout MailboxReplayTests.Frontend, _ ids: [UInt64]) throws -> MailboxOperation {
        frontend.clockMillis += 1
        let op = frontend.writer.expunge(
            ids.map { MessageID(high: $0, low: $0) }, in: frontend.state, physicalMillis: frontend.clockMillis)
        #expect(try frontend.state.apply(op) == .applied)
        return op
    }

    /// Every order of `ops` (dependencies buffered as a frontend's `CausalDelivery` does) gives one view.
    static func viewsInEveryOrder(_ ops: [MailboxOperation]) throws -> Set<MailboxView> {
        var views = Set<MailboxView>()
        for order in permutations(Array(ops.indices)) {
            var state = MailboxState(uidValidityBase: 1_000)
            var delivery = CausalDelivery()
            for index in order { try delivery.deliver([ops[index]], into: &state) }
            #expect(delivery.pending.isEmpty)
            views.insert(state.view)
        }
        return views
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }

    @Test func twoConcurrentMovesOfOneMessageLeaveOneCopyInEveryOrder() throws {
        var x = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var y = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let before = try x.append(1)
        try y.state.apply(before)
        let fromX = try Self.copy(&x, id: 10)
        let fromY = try Self.copy(&y, id: 20)
        // Each mover shows its own copy (its COPYUID names what its frontend shows).
        #expect(x.state.view.messages.map(\.uid) == [1, 65])
        #expect(y.state.view.messages.map(\.uid) == [1, 2])
        let seenOnY = y.state.highestModSeq
        try x.state.apply(fromY)
        try y.state.apply(fromX)
        #expect(x.state.view == y.state.view)
        let views = try Self.viewsInEveryOrder([before, fromX, fromY])
        #expect(views == [x.state.view])
        // The copy with the highest UID stays; Y's is reported expunged, above Y's old view, and
        // X's copy is new to Y's client.
        let view = x.state.view
        #expect(view.messages.map(\.uid) == [1, 65])
        #expect(view.messages.last?.flags == ["\\Seen"] && view.messages.last?.moveOrigin == Self.origin)
        let hidden = try #require(view.vanished.first { $0.uid == 2 })
        #expect(hidden.modSeq > seenOnY)
        #expect(view.messages.last.map { $0.modSeq > seenOnY } == true)
    }

    @Test func storesAndExpungesOnAHiddenCopyActOnTheShownOne() throws {
        var x = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var y = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let fromX = try Self.copy(&x, id: 10)
        let fromY = try Self.copy(&y, id: 20, flags: [])
        // X's client flags the copy it sees (X's own, later hidden behind Y's higher UID).
        let flagged = try x.store(.add, ["\\Flagged"], [10])
        let ops = [fromX, fromY, flagged]
        let views = try Self.viewsInEveryOrder(ops)
        #expect(views.count == 1)
        let merged = try #require(views.first)
        #expect(merged.messages.map(\.uid) == [2])
        #expect(merged.messages.first?.flags == ["\\Flagged"])
        #expect(merged.vanished.map(\.uid) == [1])

        // Then X's client expunges it: the message is gone from every view, both UIDs vanished.
        let expunged = try Self.expunge(&x, [10])
        let afterExpunge = try Self.viewsInEveryOrder(ops + [expunged])
        #expect(afterExpunge.count == 1)
        #expect(afterExpunge.first?.messages.isEmpty == true)
        #expect(afterExpunge.first?.vanished.map(\.uid) == [1, 2])
        let highest = merged.highestModSeq
        #expect(afterExpunge.first?.vanished.allSatisfy { $0.modSeq > highest } == true)
    }

    @Test func aCopyBesideAMoveIsASecondMessage() throws {
        var x = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var y = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        let moved = try Self.copy(&x, id: 10)
        let copied = try Self.copy(&y, id: 20, origin: nil)
        let again = try Self.copy(&y, id: 30, origin: nil)
        let views = try Self.viewsInEveryOrder([moved, copied, again])
        #expect(views.count == 1)
        // The COPYs are messages of their own, not hidden behind the moved copy; the moved copy
        // (UID 1) is late against Y's concurrent COPYs, hidden, and waits for its reissue.
        #expect(views.first?.messages.map(\.uid) == [2, 66])
        #expect(views.first?.vanished.map(\.uid) == [1])
        var state = x.state
        try state.apply(copied)
        try state.apply(again)
        var generator = SeededGenerator(seed: 1)
        #expect(state.pendingReissues(using: &generator).map(\.moveOrigin) == [Self.origin])
    }

    /// Two frontends MOVE one message into two different mailboxes: each target keeps its copy
    /// (each client was told OK), the source loses it. Two messages, one per target.
    @Test func movesIntoTwoMailboxesLeaveOneCopyInEach() throws {
        var intoB = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var intoC = try MailboxReplayTests.Frontend(id: 2, slot: 2)
        _ = try Self.copy(&intoB, id: 10)
        _ = try Self.copy(&intoC, id: 20)
        #expect(intoB.state.view.messages.count == 1 && intoC.state.view.messages.count == 1)
        // They stay two messages: moving both on into one mailbox writes two different origins.
        let b = MailboxID(high: 0xB, low: 0xB)
        let c = MailboxID(high: 0xC, low: 0xC)
        let fromB = try #require(intoB.state.view.messages.first).moveIdentity
        let fromC = try #require(intoC.state.view.messages.first).moveIdentity
        #expect(fromB == fromC)
        #expect(MoveOrigin(mailbox: b, message: fromB) != MoveOrigin(mailbox: c, message: fromC))
    }

    /// A->B, B->A, A->B again by one frontend: each MOVE leaves exactly one live copy in its target.
    @Test func movingBackAndForthKeepsOneLiveCopy() throws {
        let a = MailboxID(high: 0xA, low: 0xA)
        let b = MailboxID(high: 0xB, low: 0xB)
        var boxes = [
            a: try MailboxReplayTests.Frontend(id: 1, slot: 1), b: try MailboxReplayTests.Frontend(id: 1, slot: 1),
        ]
        _ = try boxes[a]!.append(1)
        var current = a
        var nextID: UInt64 = 100
        for hop in 0..<5 {
            let target = current == a ? b : a
            let message = try #require(boxes[current]!.state.view.messages.first)
            let origin = MoveOrigin(mailbox: current, message: message.moveIdentity)
            _ = try Self.copy(&boxes[target]!, id: nextID, origin: origin)
            _ = try Self.expunge(&boxes[current]!, [message.messageID.high])
            #expect(boxes[current]!.state.view.messages.isEmpty, "hop \(hop)")
            #expect(
                boxes[target]!.state.view.messages.map(\.messageID) == [MessageID(high: nextID, low: nextID)],
                "hop \(hop)")
            nextID += 1
            current = target
        }
    }
}
