import Foundation
import Logging
import NIOCore
import TernAuth
import TernLMTP
import TernMail
import TernStorage

/// Tern's delivery side in this process: a file store, a `MailService` with user alice / hunter2, the user file,
/// and the LMTP and SASL servers on free loopback ports.
struct DeliveryTernStack {
    static let maxMessageBytes = 50 * 1024 * 1024

    let directory: String
    /// Whether `stop()` removes the directory (a fresh temp dir) or keeps it (given by the caller, e.g. to restart).
    let ownsDirectory: Bool
    let mail: MailService
    let lmtpPort: Int
    let authPort: Int
    private let servers: Task<Void, any Error>

    /// `directory` nil: a fresh temp dir. Ports 0: free ones. On an existing directory alice and the user file
    /// are kept (a restart after a crash).
    static func start(
        directory given: String? = nil,
        lmtpPort: Int = 0,
        authPort: Int = 0
    ) async throws
        -> DeliveryTernStack
    {
        let directory = given ?? NSTemporaryDirectory() + "tern-delivery-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/store", withIntermediateDirectories: true)
        let store = try await FileStore.open(path: directory + "/store", runtime: testStorageRuntime)
        let mail = MailService(
            rows: store,
            blobs: store,
            configuration: try MailServiceConfiguration(
                deploymentSecret: Array("tern-postfix-test-deployment-key".utf8),
                writerSlot: 0,
                kdf: .testing,
                maxMessageBytes: maxMessageBytes
            )
        )
        if try await !mail.userExists(login: "alice") {
            try await mail.createUser(login: "alice", password: "hunter2")
        }
        let fast = ScryptHash.Parameters(logRounds: 4, blockSize: 8, parallelism: 1)
        let userFile = directory + "/users.toml"
        if !FileManager.default.fileExists(atPath: userFile) {
            var generator = SystemRandomNumberGenerator()
            let hash = try ScryptHash.create(password: Array("hunter2".utf8), parameters: fast, using: &generator)
            try UserFileWriter.write(
                try UserDirectory(
                    domains: ["example.tld"],
                    subaddressSeparator: "+",
                    users: [UserRecord(login: "alice", passwordHash: hash.phcString)]
                ),
                to: userFile
            )
        }
        let logger = Logger(label: "tern-delivery-test")
        let users = try StaticUserFile(
            path: userFile,
            gate: try AuthenticationGate(decoyParameters: fast),
            logger: logger
        )
        let auth = SASLAuthServer(
            configuration: SASLAuthServerConfiguration(listeners: [.tcp(host: "127.0.0.1", port: authPort)]),
            authenticator: users,
            logger: logger
        )
        let lmtp = LMTPServer(
            configuration: LMTPServerConfiguration(
                listeners: [.tcp(host: "127.0.0.1", port: lmtpPort)],
                session: LMTPConfiguration(hostname: "tern.test", maxMessageBytes: maxMessageBytes)
            ),
            mail: mail,
            recipients: users,
            logger: logger
        )
        let authListeners = try await auth.bind()
        let lmtpListeners = try await lmtp.bind()
        let servers = Task {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await auth.serve(authListeners) }
                group.addTask { try await lmtp.serve(lmtpListeners) }
            }
        }
        return DeliveryTernStack(
            directory: directory,
            ownsDirectory: given == nil,
            mail: mail,
            lmtpPort: lmtpListeners[0].localAddress?.port ?? 0,
            authPort: authListeners[0].localAddress?.port ?? 0,
            servers: servers
        )
    }

    func stop() {
        servers.cancel()
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Imports alice's incoming mail and returns every INBOX message, polling until there are `count` (or more)
    /// or `timeout` passed.
    func waitForInbox(count: Int, timeout: Duration = .seconds(60)) async throws -> [[UInt8]] {
        let deadline = ContinuousClock.now + timeout
        let account = try await mail.openAccount(login: "alice", password: "hunter2")
        do {
            let bodies = try await poll(account, count: count, deadline: deadline)
            await mail.release(account)
            return bodies
        } catch {
            await mail.release(account)
            throw error
        }
    }

    private func poll(_ account: Account, count: Int, deadline: ContinuousClock.Instant) async throws -> [[UInt8]] {
        let inbox = try await account.mailbox(named: "INBOX")
        while true {
            _ = try await account.importIncoming()
            let messages = try await inbox.sync().messages
            if messages.count >= count || ContinuousClock.now > deadline {
                var bodies: [[UInt8]] = []
                for message in messages {
                    var body: [UInt8] = []
                    body.reserveCapacity(Int(message.size))
                    for try await chunk in try await inbox.body(of: message, range: nil) {
                        body += chunk.readableBytesView
                    }
                    bodies.append(body)
                }
                return bodies
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
