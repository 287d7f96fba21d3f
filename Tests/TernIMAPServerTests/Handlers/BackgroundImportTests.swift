import Logging
import NIOConcurrencyHelpers
import NIOCore
import TernMail
import TernStorage
import Testing

@testable import TernIMAPServer

/// Blob puts of imported messages (keys with `/msg/in-`) after the first `passing` wait until
/// `open()`; a waiting put fails with `CancellationError` when its task is cancelled. Holds an
/// import mid-way without any timing.
final class ImportHoldStore: ForwardingStore, Sendable {
    private struct Gate {
        var passed = 0
        var open = false
        var waiting: [Int: CheckedContinuation<Void, any Error>] = [:]
        var nextID = 0
    }

    let base: MemoryStore
    var forwardee: any BlobStore & RowStore { base }
    private let passing: Int
    private let gate = NIOLockedValueBox(Gate())

    init(_ base: MemoryStore, passing: Int) {
        self.base = base
        self.passing = passing
    }

    func open() {
        let waiting = gate.withLockedValue { gate in
            gate.open = true
            defer { gate.waiting = [:] }
            return Array(gate.waiting.values)
        }
        for waiter in waiting { waiter.resume() }
    }

    private func hold(_ key: String) async throws {
        guard key.contains("/msg/in-") else { return }
        let id = gate.withLockedValue { gate -> Int? in
            gate.passed += 1
            guard !gate.open, gate.passed > passing else { return nil }
            gate.nextID += 1
            return gate.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume = gate.withLockedValue { gate -> Bool in
                    if gate.open || Task.isCancelled { return true }
                    gate.waiting[id] = continuation
                    return false
                }
                if resume { continuation.resume() }
            }
            try Task.checkCancellation()
        } onCancel: {
            let waiter = gate.withLockedValue { $0.waiting.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await hold(key)
        try await base.put(key, body: body, length: length, condition: condition)
    }
}

/// A long incoming queue never makes SELECT wait: a look imports a short batch in line, the
/// account's background task imports the rest, and EXISTS follows batch by batch.
@Suite struct BackgroundImportTests {
    /// alice / hunter2 on `store`, batches of 4, 2 messages imported in line by a look.
    private func world(_ store: ImportHoldStore) async throws -> (MailService, IMAPServerContext) {
        var configuration = try MailServiceConfiguration(
            deploymentSecret: Array(repeating: 42, count: 32), writerSlot: 1, kdf: .testing)
        configuration.incomingImport = IncomingImportLimits(batchMessages: 4, inlineMessages: 2)
        var logger = Logger(label: "test.imap")
        logger.logLevel = .critical
        let mail = MailService(rows: store, blobs: store, configuration: configuration, logger: logger)
        try await mail.createUser(login: "alice", password: "hunter2")
        for number in 1...10 {
            let message = ByteBuffer(string: "From: bob@example.tld\r\nSubject: \(number)\r\n\r\nhello \(number)\r\n")
            _ = try await mail.deliver(to: "alice", message: SyncAsyncSequence(base: [message]))
        }
        var context = try await TestMailWorld().context
        context.mail = mail
        return (mail, context)
    }

    private func connect(_ context: IMAPServerContext) async throws -> TestClient {
        let client = TestClient(context: context, isTLS: false, startTLS: nil)
        #expect(try #require(await client.outbound.nextLine()).hasPrefix("* OK"))
        return client
    }

    private func queuedParts(_ store: ImportHoldStore) async throws -> Int {
        try await store.base.list(prefix: "incoming/", startAfter: nil, limit: 1000).entries.count
    }

    /// Reads untagged lines until `* count EXISTS`; only EXISTS and RECENT may come before it.
    private func readUntilExists(_ client: TestClient, _ count: Int) async -> Bool {
        while let line = await client.nextLine() {
            if line == "* \(count) EXISTS" { return true }
            guard line.hasSuffix(" EXISTS") || line.hasSuffix(" RECENT") else { return false }
        }
        return false
    }

    @Test func selectAnswersWhileTheQueueIsImportedAndExistsFollows() async throws {
        let store = ImportHoldStore(MemoryStore(), passing: 2)
        let (mail, context) = try await world(store)
        let client = try await connect(context)
        let selected = await client.loginAndSelect()
        // Answered with the inline batch only: the background import is held at its first message.
        #expect(selected.contains("* 2 EXISTS"))
        #expect(selected.last?.hasPrefix("s OK [READ-WRITE]") == true)
        #expect(try await queuedParts(store) == 8, "the queue is not drained yet")

        client.send("i IDLE\r\n")
        #expect(await client.nextLine() == "+ idling")
        store.open()
        #expect(await readUntilExists(client, 10))
        client.send("DONE\r\n")
        #expect(await client.readUntil(tag: "i").last == "i OK IDLE terminated")
        let uids = await client.command("f", "UID FETCH 1:* (UID)")
        #expect(uids.filter { $0.hasPrefix("* ") }.count == 10, "each delivered message once")
        #expect(await client.logout() == .logout)
        #expect(mail.openAccountCount == 0)
        #expect(try await queuedParts(store) == 0)
    }

    /// The import task belongs to the account: when the last session leaves, it is cancelled and
    /// awaited (here it is held inside a write, which the cancellation ends), and nothing is lost.
    @Test func theLastSessionLeavingEndsTheImport() async throws {
        let store = ImportHoldStore(MemoryStore(), passing: 2)
        let (mail, context) = try await world(store)
        let first = try await connect(context)
        #expect(await first.loginAndSelect().contains("* 2 EXISTS"))
        #expect(await first.logout() == .logout)
        #expect(mail.openAccountCount == 0)
        #expect(try await queuedParts(store) == 8, "the cancelled import stopped at its held write")

        store.open()
        let second = try await connect(context)
        _ = await second.loginAndSelect()
        second.send("i IDLE\r\n")
        #expect(await second.nextLine() == "+ idling")
        #expect(await readUntilExists(second, 10))
        second.send("DONE\r\n")
        #expect(await second.readUntil(tag: "i").last == "i OK IDLE terminated")
        #expect(await second.logout() == .logout)
        #expect(try await queuedParts(store) == 0)
    }
}
