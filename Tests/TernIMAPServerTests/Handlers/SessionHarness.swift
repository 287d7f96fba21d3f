import Logging
import NIOCore
import TernAuth
import TernCrypto
import TernIMAP
import TernMail
import TernNetwork
import TernStorage
import Testing

@testable import TernIMAPServer

/// Accepts the users it was given (canonical login = the login itself).
struct TestAuthenticator: PasswordAuthenticator {
    let users: [String: String]

    func authenticate(login: String, password: String, remoteAddress: String?) async -> AuthenticationOutcome {
        users[login] == password ? .success(login: login) : .failure
    }
}

/// Collects what the server writes and hands it out line by line.
actor CollectingOutbound: IMAPOutbound {
    private var pending: [UInt8] = []
    private var closed = false
    private var waiter: CheckedContinuation<Void, Never>?

    func write(_ bytes: ByteBuffer) async throws {
        pending.append(contentsOf: bytes.readableBytesView)
        waiter?.resume()
        waiter = nil
    }

    func close() {
        closed = true
        waiter?.resume()
        waiter = nil
    }

    /// The next CRLF-terminated line without its CRLF; nil once closed and drained.
    func nextLine() async -> String? {
        while true {
            if let index = pending.indices.dropFirst().first(where: { pending[$0 - 1] == 13 && pending[$0] == 10 }) {
                let line = String(decoding: pending[..<(index - 1)], as: UTF8.self)
                pending.removeFirst(index + 1)
                return line
            }
            if closed { return nil }
            await withCheckedContinuation { waiter = $0 }
        }
    }
}

/// A real `MailService` on memory storage with the user alice / hunter2.
struct TestMailWorld {
    let store: MemoryStore
    let mail: MailService
    let context: IMAPServerContext

    /// `clock`: what session deadlines (IDLE, autologout) are timed on; a test advances a manual one.
    init(
        limits: IMAPServerLimits = IMAPServerLimits(), loginDisabledWithoutTLS: Bool = false,
        clock: AnyClock = .continuous
    ) async throws {
        try await self.init(
            store: MemoryStore(), writerSlot: 1, createUsers: true, limits: limits,
            loginDisabledWithoutTLS: loginDisabledWithoutTLS, clock: clock)
    }

    /// Another frontend process on the same storage (its own MailService and writer slot).
    func secondFrontend() async throws -> TestMailWorld {
        try await TestMailWorld(
            store: store, writerSlot: 2, createUsers: false, limits: context.limits, loginDisabledWithoutTLS: false,
            clock: context.deadlines.clock)
    }

    private init(
        store: MemoryStore, writerSlot: UInt8, createUsers: Bool, limits: IMAPServerLimits,
        loginDisabledWithoutTLS: Bool, clock: AnyClock
    ) async throws {
        self.store = store
        let configuration = try MailServiceConfiguration(
            deploymentSecret: Array(repeating: 42, count: 32), writerSlot: writerSlot, kdf: .testing,
            quotaBytes: 10_000_000)
        var logger = Logger(label: "test.imap")
        logger.logLevel = .critical
        mail = MailService(rows: store, blobs: store, configuration: configuration, logger: logger)
        if createUsers {
            try await mail.createUser(login: "alice", password: "hunter2")
            try await mail.createUser(login: "bob", password: "builder")
        }
        var limits = limits
        limits.quotaBytes = 10_000_000
        context = IMAPServerContext(
            mail: mail, authenticator: TestAuthenticator(users: ["alice": "hunter2", "bob": "builder"]),
            limits: limits, loginDisabledWithoutTLS: loginDisabledWithoutTLS, hostname: "test.example",
            logger: logger, timeZone: .utc, wallClockMillis: { 1_700_000_000_000 },
            deadlines: DeadlineScheduler(clock: clock))
    }

    /// A connected client whose greeting has been read.
    func connect(isTLS: Bool = false, startTLS: (@Sendable () async throws -> Void)? = nil) async throws -> TestClient {
        let client = TestClient(context: context, isTLS: isTLS, startTLS: startTLS)
        let greeting = try #require(await client.outbound.nextLine())
        #expect(greeting.hasPrefix("* OK [CAPABILITY IMAP4rev1"))
        return client
    }
}

/// Drives one session over in-memory inbound/outbound, as a scripted client.
final class TestClient: Sendable {
    let outbound = CollectingOutbound()
    let input: AsyncStream<IMAPInbound>.Continuation
    let task: Task<IMAPConnectionEnd, Never>

    init(context: IMAPServerContext, isTLS: Bool, startTLS: (@Sendable () async throws -> Void)?) {
        let (stream, continuation) = AsyncStream<IMAPInbound>.makeStream()
        input = continuation
        let outbound = self.outbound
        task = Task {
            let end = await IMAPConnection.run(
                inbound: stream, outbound: outbound, startTLS: startTLS,
                info: IMAPConnectionInfo(
                    remoteAddress: "127.0.0.1", isTLS: isTLS, canStartTLS: startTLS != nil, sessionID: "t1"),
                context: context)
            await outbound.close()
            return end
        }
    }

    func send(_ text: String) {
        input.yield(.bytes(ByteBuffer(string: text)))
    }

    /// Sends `tag command` and returns every line up to and including the tagged answer.
    func command(_ tag: String, _ text: String) async -> [String] {
        send("\(tag) \(text)\r\n")
        return await readUntil(tag: tag)
    }

    func readUntil(tag: String) async -> [String] {
        var lines: [String] = []
        while let line = await outbound.nextLine() {
            lines.append(line)
            if line.hasPrefix("\(tag) ") { break }
        }
        return lines
    }

    func nextLine() async -> String? { await outbound.nextLine() }

    func logout() async -> IMAPConnectionEnd {
        _ = await command("z", "LOGOUT")
        input.finish()
        return await task.value
    }

    func close() async -> IMAPConnectionEnd {
        input.finish()
        return await task.value
    }

    /// Logs in as alice and selects INBOX; returns the SELECT lines.
    @discardableResult
    func loginAndSelect(
        _ mailbox: String = "INBOX", user: String = "alice", password: String = "hunter2"
    ) async -> [String] {
        _ = await command("l", "LOGIN \(user) \(password)")
        return await command("s", "SELECT \(mailbox)")
    }
}
