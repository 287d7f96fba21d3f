import Logging
import NIOCore
import TernAuth
import TernLMTP
import TernMail
import TernNetwork
import TernStorage
import TernTestSupport
import Testing

/// A real `MailService` on a memory store with users alice and bob, and an LMTP server on a free loopback port.
struct DeliveryFixture {
    static let secret = Array("tern-lmtp-test-deployment-secret".utf8)
    static let users = """
        domains = ["example.tld"]
        subaddress_separator = "+"
        [users.alice]
        password = "unused"
        aliases = ["postmaster"]
        [users.bob]
        password = "unused"
        [users.carol]
        password = "unused"
        """

    /// Resolves recipients with the same directory code the user file uses.
    struct DirectoryResolver: RecipientResolver {
        let directory: UserDirectory
        func login(forRecipient address: String) async -> String? { directory.login(forRecipient: address) }
    }

    let store: SwitchableStore
    let mail: MailService
    let address: SocketAddress
    let maxMessageBytes: Int
    let task: Task<Void, any Error>

    /// carol is in the user file but has no keys in storage (never created with `tern user add`).
    static func start(
        maxMessageBytes: Int = 4 * 1024 * 1024,
        idleTimeout: Duration = .seconds(60),
        quotaBytes: UInt64? = nil,
        concurrentWrites: Int = 4,
        usageMaxAge: Duration = .seconds(60),
        deadlines: DeadlineScheduler = DeadlineScheduler()
    ) async throws -> DeliveryFixture {
        let store = SwitchableStore()
        let configuration = try MailServiceConfiguration(
            deploymentSecret: secret,
            writerSlot: 0,
            kdf: .testing,
            quotaBytes: quotaBytes,
            maxMessageBytes: maxMessageBytes,
            incomingPartBytes: 16 * 1024
        )
        let mail = MailService(rows: store, blobs: store, configuration: configuration)
        try await mail.createUser(login: "alice", password: "hunter2")
        try await mail.createUser(login: "bob", password: "builder")
        let server = LMTPServer(
            configuration: LMTPServerConfiguration(
                listeners: [.tcp(host: "127.0.0.1", port: 0)],
                session: LMTPConfiguration(hostname: "tern.test", maxMessageBytes: maxMessageBytes),
                queuedChunks: 2,
                concurrentWrites: concurrentWrites,
                usageMaxAge: usageMaxAge,
                idleTimeout: idleTimeout
            ),
            mail: mail,
            recipients: DirectoryResolver(directory: try UserDirectory.parse(users)),
            logger: Logger(label: "lmtp-test"),
            deadlines: deadlines
        )
        let listeners = try await server.bind()
        let address = try #require(listeners.first?.localAddress)
        let task = Task { try await server.serve(listeners) }
        return DeliveryFixture(store: store, mail: mail, address: address, maxMessageBytes: maxMessageBytes, task: task)
    }

    func stop() { task.cancel() }

    static let passwords = ["alice": "hunter2", "bob": "builder"]

    /// Imports the user's incoming queue and returns every INBOX message body, in UID order.
    func inbox(_ login: String) async throws -> [[UInt8]] {
        let account = try await mail.openAccount(login: login, password: Self.passwords[login] ?? "")
        do {
            _ = try await account.importIncoming()
            let mailbox = try await account.mailbox(named: "INBOX")
            var bodies: [[UInt8]] = []
            for message in try await mailbox.sync().messages {
                var body: [UInt8] = []
                for try await chunk in try await mailbox.body(of: message, range: nil) {
                    body += chunk.readableBytesView
                }
                bodies.append(body)
            }
            await mail.release(account)
            return bodies
        } catch {
            await mail.release(account)
            throw error
        }
    }

    /// Connects, reads the greeting, sends LHLO and checks its reply, then runs `body`; closes after it.
    func session(_ body: (LoopbackClient) async throws -> Void) async throws {
        try await LoopbackClient.connect(to: address) { client in
            #expect(try await client.readLine() == "220 tern.test LMTP Tern ready\r")
            try await client.write("LHLO mx.test.invalid\r\n")
            #expect(
                try await client.readLines(6) == [
                    "250-tern.test\r", "250-PIPELINING\r", "250-ENHANCEDSTATUSCODES\r", "250-8BITMIME\r",
                    "250-SMTPUTF8\r", "250 SIZE \(maxMessageBytes)\r",
                ]
            )
            try await body(client)
        }
    }
}
