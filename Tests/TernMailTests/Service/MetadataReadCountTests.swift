import NIOCore
import TernMail
import TernStorage
import Testing

/// Metadata of many messages costs a handful of storage reads once packed.
@Suite struct MetadataReadCountTests {
    @Test func metadataOfTwoThousandMessagesIsAHandfulOfReads() async throws {
        let store = MemoryStore()
        // Appends spread over time (100 ms apart), as in real use: each sync lists one lookback window.
        let clock = TestClock(step: 100)
        let writer = try makeService(store, slot: 1, clock: clock.reader())
        try await writer.createUser(login: "alice", password: "pw")
        let account = try await writer.openAccount(login: "alice", password: "pw")
        let inbox = try await account.mailbox(named: "INBOX")
        let count = 2_000
        for number in 1...count { try await append(sampleMessage(number), to: inbox) }
        try await inbox.checkpoint()

        // Another process, cold: counts what reaches storage.
        let counting = CountingStore(store)
        let reader = try makeService(counting, slot: 2, clock: clock.reader())
        let readerAccount = try await reader.openAccount(login: "alice", password: "pw")
        let mailbox = try await readerAccount.mailbox(named: "INBOX")
        let view = try await mailbox.sync()
        #expect(view.messages.count == count)

        counting.resetReads()
        var seen = 0
        for try await (message, structure) in mailbox.metadata(of: view.messages) {
            seen += 1
            #expect(structure.envelope.subject.map { String(decoding: $0, as: UTF8.self) } == "Message \(seen)")
            #expect(message.uid == view.messages[seen - 1].uid)
        }
        #expect(seen == count)
        let reads = counting.reads
        print("metadata of \(count) messages: \(reads) storage reads")
        #expect(reads <= 4, "metadata of \(count) messages took \(reads) storage reads")

        // A slice in the middle reads only its part of the segment.
        counting.resetReads()
        var sliceCount = 0
        for try await _ in mailbox.metadata(of: Array(view.messages[1000..<1100])) { sliceCount += 1 }
        #expect(sliceCount == 100)
        print("metadata of a 100-message slice: \(counting.reads) storage reads")
        #expect(counting.reads <= 3)
    }
}
