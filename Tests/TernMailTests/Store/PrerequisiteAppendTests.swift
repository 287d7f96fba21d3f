import NIOConcurrencyHelpers
import TernCrypto
import TernMail
import TernStorage
import Testing

/// `MailboxLogStore.append(..., alongsideSync:)`: the operation is written only once the
/// prerequisite (a write the operation names) succeeded; a failed one leaves no row.
@Suite struct PrerequisiteAppendTests {
    struct Refused: Error {}

    static func message(_ n: UInt64) -> NewMessage {
        NewMessage(
            messageID: MessageID(high: n, low: n), blobReference: Array("m/\(n)".utf8),
            metadataReference: Array("meta/\(n)".utf8), flags: [], internalDateMillis: 0, size: n)
    }

    @Test(arguments: TestBackend.allCases) func batchAppendWaitsForItsPrerequisite(backend: TestBackend) async throws {
        let opened = try await OpenedTestStore.open(backend)
        defer { opened.close() }
        let keys = UserKeys.generate()
        let writer = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: "p", writerID: 1, slot: 1, clock: TestClock().reader())
        let ran = NIOLockedValueBox(false)
        let appended = try await writer.append([Self.message(1), Self.message(2)]) { ran.withLockedValue { $0 = true } }
        #expect(ran.withLockedValue { $0 })
        #expect(appended.uids.count == 2)

        await #expect(throws: Refused.self) {
            _ = try await writer.append([Self.message(3)]) { throw Refused() }
        }
        // A fresh reader of the log sees the first batch only: the refused one wrote no row.
        let reader = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: "p", writerID: 2, slot: 2, clock: TestClock().reader())
        try await reader.sync()
        #expect(await reader.state.view.messages.map(\.messageID) == [Self.message(1), Self.message(2)].map(\.messageID))
    }
}
