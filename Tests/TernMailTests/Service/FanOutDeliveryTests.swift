import NIOCore
import TernMail
import TernStorage
import Testing

/// `deliver(to: [DeliveryTarget], ...)`: one read of the message, one result per target, failures isolated, and
/// nothing left behind by a copy (or a message) that did not complete.
@Suite struct FanOutDeliveryTests {
    /// Throws after `after` chunks, as a connection lost mid-DATA does.
    struct BrokenStream: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        struct Lost: Error {}
        let chunks: [ByteBuffer]
        let after: Int
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks, after: after) }
        struct AsyncIterator: AsyncIteratorProtocol {
            let chunks: [ByteBuffer]
            let after: Int
            var index = 0
            mutating func next() async throws -> ByteBuffer? {
                guard index < after else { throw Lost() }
                defer { index += 1 }
                return index < chunks.count ? chunks[index] : nil
            }
        }
    }

    /// Every blob in the store (few here: one page).
    static func blobCount(_ store: MemoryStore) async throws -> Int {
        let page = try await store.list(prefix: "", startAfter: nil, limit: 1000)
        #expect(page.nextStartAfter == nil)
        return page.entries.count
    }

    @Test func eachTargetGetsItsOwnResultAndCopy() async throws {
        let store = MemoryStore()
        let service = try makeService(store, quota: 1 << 30, incomingPartBytes: 4096)
        try await service.createUser(login: "alice", password: "a")
        try await service.createUser(login: "bob", password: "b")
        let message = sampleMessage(1, body: String(repeating: "fan-out body line\r\n", count: 1_000))  // ~19 KB, 5 parts
        let results = await service.deliver(
            to: [DeliveryTarget(login: "alice"), DeliveryTarget(login: "nobody"), DeliveryTarget(login: "bob", knownUsage: 0)],
            message: chunks(message, size: 1000), concurrentWrites: 2)
        #expect(results.count == 3)
        #expect(try results[0].get().size == message.utf8.count)
        #expect(try results[0].get().sealedBytes > message.utf8.count)
        #expect(throws: MailError.self) { try results[1].get() }
        if case .failure(let error) = results[1] { #expect(error.code == .noSuchUser) }
        #expect(try results[2].get().size == message.utf8.count)
        for (login, password) in [("alice", "a"), ("bob", "b")] {
            let account = try await service.openAccount(login: login, password: password)
            #expect(try await account.importIncoming() == 1)
            let inbox = try await account.mailbox(named: "INBOX")
            let messages = try await inbox.sync().messages
            #expect(messages.count == 1)
            var body: [UInt8] = []
            for try await chunk in try await inbox.body(of: messages[0], range: nil) { body += chunk.readableBytesView }
            #expect(body == Array(message.utf8))
            await service.release(account)
        }
    }

    @Test func aMessageCutShortLeavesNothing() async throws {
        let store = MemoryStore()
        let service = try makeService(store, incomingPartBytes: 4096)
        try await service.createUser(login: "alice", password: "a")
        try await service.createUser(login: "bob", password: "b")
        let before = try await Self.blobCount(store)
        let piece = ByteBuffer(bytes: Array(repeating: UInt8(ascii: "z"), count: 3000))
        // Six chunks arrive (four parts written for each target), then the stream throws.
        let results = await service.deliver(
            to: [DeliveryTarget(login: "alice"), DeliveryTarget(login: "bob")],
            message: BrokenStream(chunks: Array(repeating: piece, count: 10), after: 6), concurrentWrites: 1)
        #expect(results.allSatisfy { if case .failure = $0 { true } else { false } })
        #expect(try await Self.blobCount(store) == before, "parts of the cut message were left behind")
        let account = try await service.openAccount(login: "alice", password: "a")
        #expect(try await account.importIncoming() == 0)
        await service.release(account)
    }

    @Test func tooLargeFailsEveryTarget() async throws {
        let store = MemoryStore()
        let service = try makeService(store, maxMessageBytes: 10_000, incomingPartBytes: 4096)
        try await service.createUser(login: "alice", password: "a")
        let before = try await Self.blobCount(store)
        let results = await service.deliver(
            to: [DeliveryTarget(login: "alice"), DeliveryTarget(login: "alice")],
            message: chunks(String(repeating: "y", count: 20_000), size: 1000))
        for result in results {
            if case .failure(let error) = result { #expect(error.code == .tooLarge) } else { Issue.record("stored") }
        }
        #expect(try await Self.blobCount(store) == before)
    }
}
