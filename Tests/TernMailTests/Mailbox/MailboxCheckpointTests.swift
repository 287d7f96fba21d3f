import NIOCore
import Testing

@testable import TernMail

@Suite struct MailboxCheckpointTests {
    @Test func checkpointPlusLaterOperationsEqualsFullReplay() throws {
        var frontend = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        var ops: [MailboxOperation] = []
        for n in 1...20 { ops.append(try frontend.append(UInt64(n))) }
        let checkpoint = try MailboxCheckpoint(frontend.state).encoded()
        let covered = frontend.state.position
        ops.append(try frontend.store(.add, ["\\Seen"], Array(1...20)))
        for n in 21...25 { ops.append(try frontend.append(UInt64(n))) }

        var restored = try MailboxCheckpoint.decode(checkpoint)
        #expect(restored.position == covered)
        var delivery = CausalDelivery()
        try delivery.deliver(ops.reversed(), into: &restored)
        #expect(restored.view == frontend.state.view)
        #expect(restored.view.messages.filter { $0.flags == ["\\Seen"] }.count == 20)
    }

    @Test func damagedCheckpointsFailCleanly() throws {
        var frontend = try MailboxReplayTests.Frontend(id: 1, slot: 1)
        for n in 1...3 { _ = try frontend.append(UInt64(n)) }
        let bytes = try MailboxCheckpoint(frontend.state).encoded()
        for length in 0..<bytes.readableBytes {
            let prefix = bytes.getSlice(at: 0, length: length) ?? ByteBuffer()
            #expect(throws: MailboxLogError.self) { try MailboxCheckpoint.decode(prefix) }
        }
    }
}
