import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TernAuth
import TernIMAPServer
import TernMail
import TernNetwork
import TernStorage
import TernTestSupport
import Testing

@testable import TernServer

/// Issue #17 point 6 (query amplification) against a real IMAP listener: content keys read each message
/// once, SORT keys are bounded and budgeted, a SEARCH/SORT past its time budget ends `NO [LIMIT]` with the
/// session still usable, and a query stops reading when its client is gone. The store under the mail
/// service counts message-blob reads and can hold them (a store that never answers), so what is checked
/// is what was read and what was answered, never how long anything took.
@Suite(.timeLimit(.minutes(5))) struct QueryLimitsLiveTests {
    /// Generous: a full parallel run on 2 cores may be slow to answer.
    static let slack: Duration = .seconds(60)

    /// Point 1: 50 TEXT keys cost what one TEXT key costs, one read of each message (before: one read per
    /// key per message, 26 to 50 per message here), with the same answer as the keys one at a time.
    @Test func fiftyTextKeysReadEachMessageOnce() async throws {
        let server = try await QueryLiveServer.start(IMAPServerLimits())
        defer { server.stop() }
        let count = 30
        try await RawClient.session(port: server.port) { client in
            try await server.loginAndAppend(client, (1...count).map { Self.tokenMessage($0) })
            let words = (0..<50).map { "tok\($0)x" }

            server.blobs.resetCount()
            let one = try await client.command("s1", "SEARCH TEXT nowhere-to-be-found")
            #expect(one.last?.hasPrefix("s1 OK") == true, "\(one)")
            let oneKeyReads = server.blobs.messageReads

            server.blobs.resetCount()
            let all = try await client.command("s2", "SEARCH " + words.map { "TEXT \($0)" }.joined(separator: " "))
            let fiftyKeyReads = server.blobs.messageReads
            #expect(all.last?.hasPrefix("s2 OK") == true, "\(all)")
            #expect(oneKeyReads == count, "one TEXT key read \(oneKeyReads) message blobs for \(count) messages")
            #expect(fiftyKeyReads == oneKeyReads, "50 TEXT keys read \(fiftyKeyReads), one key \(oneKeyReads)")
            // Even messages carry all 50 words, odd ones the first 25: the same set as key by key.
            #expect(Self.numbers(all) == Array(stride(from: 2, through: count, by: 2)).map(UInt32.init))
            var expected = Set(1...count).map(UInt32.init)
            for (index, word) in words.enumerated() where index % 7 == 0 || index == 49 {
                let single = try await client.command("k\(index)", "SEARCH TEXT \(word)")
                expected = expected.filter { Self.numbers(single).contains($0) }
            }
            #expect(expected.sorted() == Self.numbers(all))

            // OR and NOT over content keys still read once and stop at the first match.
            server.blobs.resetCount()
            let either = try await client.command("s3", "SEARCH NOT OR TEXT tok49x BODY tok0x")
            #expect(either.last?.hasPrefix("s3 OK") == true && Self.numbers(either).isEmpty, "\(either)")
            #expect(server.blobs.messageReads == count)
        }
    }

    /// Point 2: SORT keeps a bounded prefix of each subject, so 20 messages with 100 KiB subjects sort within a
    /// 16 KiB key budget (before: no bound, 2 MB of keys); 30 such messages are over it: `NO [LIMIT]`, and the
    /// session goes on.
    @Test func sortKeysAreBoundedAndBudgeted() async throws {
        var limits = IMAPServerLimits()
        limits.queryMaxKeyBytes = 16 * 1024
        let server = try await QueryLiveServer.start(limits)
        defer { server.stop() }
        try await RawClient.session(port: server.port) { client in
            // Subjects differ in their first letter, in reverse order of arrival.
            let letters = Array("TSRQPONMLKJIHGFEDCBA")
            let filler = String(repeating: "x", count: 100 * 1024)
            try await server.loginAndAppend(
                client, letters.map { "Subject: \($0) \(filler)\r\nFrom: a@b.example\r\n\r\nbody\r\n" })
            let sorted = try await client.command("s1", "SORT (SUBJECT) UTF-8 ALL")
            #expect(sorted.last?.hasPrefix("s1 OK") == true, "\(sorted.map { $0.prefix(200) })")
            let descending = (1...20).reversed().map(String.init).joined(separator: " ")
            #expect(sorted.first { $0.hasPrefix("* SORT") } == "* SORT " + descending)
            let threads = try await client.command("t1", "THREAD ORDEREDSUBJECT UTF-8 ALL")
            #expect(threads.last?.hasPrefix("t1 OK") == true, "\(threads.map { $0.prefix(200) })")

            try await server.append(client, (0..<10).map { "Subject: Z\($0) \(filler)\r\n\r\nbody\r\n" })
            let over = try await client.command("s2", "SORT (SUBJECT) UTF-8 ALL")
            #expect(over.last?.hasPrefix("s2 NO [LIMIT]") == true, "\(over.map { $0.prefix(200) })")
            #expect(!over.contains { $0.hasPrefix("* SORT") })
            let noop = try await client.command("n1", "NOOP")
            #expect(noop.last?.hasPrefix("n1 OK") == true)
            let narrowed = try await client.command("s3", "SORT (SUBJECT) UTF-8 SUBJECT Z")
            #expect(narrowed.last?.hasPrefix("s3 OK") == true)
            let added = (21...30).map(String.init).joined(separator: " ")
            #expect(narrowed.first { $0.hasPrefix("* SORT") } == "* SORT " + added)
        }
    }

    /// Point 3: with storage that never answers, SEARCH and SORT end with `NO [LIMIT]` at the time budget
    /// (before: they waited for ever) and the session answers the next commands, a SEARCH included. On a manual
    /// clock: the test moves time past the budget once the command waits on the store (its budget armed before).
    @Test func queriesPastTheirTimeBudgetEndWithLimit() async throws {
        var limits = IMAPServerLimits()
        limits.queryTimeBudget = .seconds(120)
        let clock = ManualClock()
        let server = try await QueryLiveServer.start(limits, clock: AnyClock(clock))
        defer { server.stop() }
        try await RawClient.session(port: server.port) { client in
            try await server.loginAndAppend(client, (1...5).map { Self.tokenMessage($0) })
            server.blobs.hold()
            for (tag, command) in [("s1", "SEARCH TEXT tok1x"), ("s2", "SORT (DATE) UTF-8 BODY tok1x")] {
                try await client.write("\(tag) \(command)\r\n")
                let waiting = await Self.eventually(Self.slack) { server.blobs.waiting > 0 }
                #expect(waiting, "\(tag) never reached the store")
                clock.advance(by: .seconds(120))
                let answer = try await Self.within(Self.slack) { try await client.response(tag) }
                #expect(answer?.last?.hasPrefix("\(tag) NO [LIMIT]") == true, "\(answer ?? [])")
            }
            server.blobs.release()
            let noop = try await client.command("n1", "NOOP")
            #expect(noop.last?.hasPrefix("n1 OK") == true)
            let again = try await client.command("s3", "SEARCH TEXT tok1x")
            #expect(again.last?.hasPrefix("s3 OK") == true)
            #expect(Self.numbers(again) == [1, 2, 3, 4, 5])
        }
    }

    /// Point 4: a client that sends a SEARCH (or a FETCH) over 60 messages and closes its socket while the
    /// store is slow: the command is cancelled, its reads stop (at most the read-ahead's few were started),
    /// and the session ends. Before: the command kept waiting on the store, and would have read all 60.
    @Test(arguments: ["SEARCH TEXT tok1x", "FETCH 1:* BODY.PEEK[]"])
    func queriesStopWhenTheClientIsGone(command: String) async throws {
        let server = try await QueryLiveServer.start(IMAPServerLimits())
        defer { server.stop() }
        let count = 60
        try await RawClient.session(port: server.port) { client in
            try await server.loginAndAppend(client, (1...count).map { Self.tokenMessage($0) })
            server.blobs.resetCount()
            server.blobs.hold()
            try await client.write("q1 \(command)\r\n")
            let started = await Self.eventually(Self.slack) { server.blobs.waiting > 0 }
            #expect(started, "the command never reached the store")
        }
        let verb = String(command.prefix { $0 != " " })
        let left = await Self.eventually(Self.slack) { server.logText.contains("client left during \(verb)") }
        #expect(left, "no 'client left' in the log")
        let closed = await Self.eventually(Self.slack) { server.logText.contains("session closed") }
        #expect(closed)
        let reads = server.blobs.messageReads
        server.blobs.release()
        #expect(reads < count, "\(reads) of \(count) message reads were started")
        #expect(server.blobs.messageReads == reads, "reads went on after the session ended")
    }

    // MARK: - Helpers

    /// Message `n`: even numbers carry the words tok0x ... tok49x, odd ones tok0x ... tok24x; half of the
    /// words sit in a base64 part, so decoding is part of every match.
    static func tokenMessage(_ n: Int) -> String {
        let words = (0..<(n % 2 == 0 ? 50 : 25)).map { "tok\($0)x" }
        let plain = words.prefix(20).joined(separator: " ")
        let encoded = Data(words.dropFirst(20).joined(separator: " ").utf8).base64EncodedString()
        return """
            From: sender\(n)@example.test\r
            Subject: message \(n)\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            \(plain)\r
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: base64\r
            \r
            \(encoded)\r
            --b--\r

            """
    }

    /// The numbers of a `* SEARCH` line.
    static func numbers(_ lines: [String]) -> [UInt32] {
        guard let line = lines.first(where: { $0.hasPrefix("* SEARCH") }) else { return [] }
        return line.dropFirst("* SEARCH".count).split(separator: " ").compactMap { UInt32($0) }
    }

    /// `body`'s value, or nil when it has not returned within `bound` (then the connection is left as is).
    static func within<T: Sendable>(
        _ bound: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(for: bound)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Polls `condition` every 20 ms until it holds (true) or `bound` passed (false).
    static func eventually(_ bound: Duration, _ condition: @Sendable () -> Bool) async -> Bool {
        let end = ContinuousClock.now + bound
        while ContinuousClock.now < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// A real IMAP listener (plain, no TLS) and session over a mail service whose blob store is a
/// `GatedBlobStore`, with the IMAP limits under test.
final class QueryLiveServer: Sendable {
    let port: Int
    let blobs: GatedBlobStore
    private let log: NIOLockedValueBox<String>
    private let task: Task<Void, Never>
    private let directory: String

    var logText: String { log.withLockedValue { $0 } }

    /// `clock`: what the query budget (and every other session deadline) is timed on.
    static func start(_ limits: IMAPServerLimits, clock: AnyClock = .continuous) async throws -> QueryLiveServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-query-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try DevUsers(bulkCount: 0, bulkPassword: "password").ensureUserFile(at: directory + "/users.toml")
        let log = NIOLockedValueBox("")
        let logger = Logger(label: "tern") { label in
            var handler = TextLogHandler(label: label, text: log)
            handler.logLevel = .info
            return handler
        }
        let gate = try AuthenticationGate(decoyParameters: DevUsers.hashParameters)
        let users = try StaticUserFile(path: directory + "/users.toml", gate: gate, logger: logger)
        let store = MemoryStore()
        let blobs = GatedBlobStore(base: store)
        let mail = MailService(
            rows: store, blobs: blobs,
            configuration: try MailServiceConfiguration(
                deploymentSecret: Array(repeating: 7, count: 32), writerSlot: 1, kdf: .testing),
            logger: logger)
        try await mail.createUser(login: "alice", password: "hunter2")
        let context = IMAPServerContext(
            mail: mail, authenticator: users, limits: limits, loginDisabledWithoutTLS: false, hostname: "query.test",
            logger: logger, deadlines: DeadlineScheduler(clock: clock))
        let listener = try await IMAPListener.bind(
            ListenAddress(host: "127.0.0.1", port: 0), security: .plain(startTLS: nil),
            group: MultiThreadedEventLoopGroup.singleton)
        let sessions = SessionRegistry(limits: .init(maxConnections: 100, maxPerAddress: 100, maxPerUserAddress: 100))
        let task = Task { await listener.run(context: context, sessions: sessions) }
        return QueryLiveServer(
            port: listener.boundAddress.port, blobs: blobs, log: log, task: task, directory: directory)
    }

    private init(
        port: Int, blobs: GatedBlobStore, log: NIOLockedValueBox<String>, task: Task<Void, Never>, directory: String
    ) {
        self.port = port
        self.blobs = blobs
        self.log = log
        self.task = task
        self.directory = directory
    }

    func stop() {
        blobs.release()
        task.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Reads the greeting, logs in as alice, appends `messages` to INBOX and selects it.
    func loginAndAppend(_ client: RawClient, _ messages: [String]) async throws {
        _ = try await client.readLine()
        let login = try await client.command("l", "LOGIN alice hunter2")
        #expect(login.last?.hasPrefix("l OK") == true)
        try await append(client, messages)
    }

    /// Appends with LITERAL+ and (re)selects INBOX.
    func append(_ client: RawClient, _ messages: [String]) async throws {
        for (index, message) in messages.enumerated() {
            let answer = try await client.command(
                "a\(index)", "APPEND INBOX {\(message.utf8.count)+}\r\n\(message)")
            #expect(answer.last?.hasPrefix("a\(index) OK") == true, "\(answer)")
        }
        let select = try await client.command("sel", "SELECT INBOX")
        #expect(select.last?.hasPrefix("sel OK") == true)
    }
}

/// A blob store that counts reads of message blobs (`.../msg/...`) and, while held, keeps them waiting
/// until released or cancelled: a store that does not answer.
final class GatedBlobStore: BlobStore {
    let base: MemoryStore
    private let state = NIOLockedValueBox((reads: 0, waiting: 0, held: false))

    init(base: MemoryStore) { self.base = base }

    var messageReads: Int { state.withLockedValue { $0.reads } }
    var waiting: Int { state.withLockedValue { $0.waiting } }
    func resetCount() { state.withLockedValue { $0.reads = 0 } }
    func hold() { state.withLockedValue { $0.held = true } }
    func release() { state.withLockedValue { $0.held = false } }

    var capabilities: StorageCapabilities { base.capabilities }

    func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try await base.put(key, body: body, length: length, condition: condition)
    }

    func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        if key.contains("/msg/") {
            let held = state.withLockedValue { state in
                state.reads += 1
                if state.held { state.waiting += 1 }
                return state.held
            }
            if held {
                defer { state.withLockedValue { $0.waiting -= 1 } }
                while state.withLockedValue({ $0.held }) {
                    try await Task.sleep(for: .milliseconds(10))  // throws when the reading task is cancelled
                }
            }
        }
        return try await base.get(key, range: range)
    }

    func head(_ key: String) async throws -> BlobInfo? { try await base.head(key) }
    func copy(from source: String, to destination: String) async throws {
        try await base.copy(from: source, to: destination)
    }
    func delete(_ key: String) async throws { try await base.delete(key) }
    func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
    }
}
