import ArgumentParser
import NIOCore
import NIOPosix
import NIOSSL
import TernLoadCore

@main
struct TernLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern-load",
        abstract: "Capacity planning for an IMAP server: provision test users, run load profiles, report RAM/CPU per user.",
        subcommands: [ProvisionCommand.self, RunCommand.self, TableCommand.self]
    )
}

/// Options every subcommand shares.
struct TargetOptions: ParsableArguments {
    @Option(help: "Server address (loopback only: 127.0.0.0/8, ::1 or localhost).")
    var host = "127.0.0.1"
    @Option(help: "Server IMAP port (plaintext).")
    var port: Int = 143
    @Option(help: "User name pattern; {n} is replaced by 1...N.")
    var userPattern = "user{n}"
    @Option(help: "The password of every test user.")
    var password = "tern"
    @Option(help: "Seed of the message generator and the scripts.")
    var seed: UInt64 = 1
    @Flag(help: "Implicit TLS (IMAPS) with NIOSSL; the certificate is not verified (test servers use self-signed ones).")
    var tls = false

    /// The client TLS context when --tls is given.
    func tlsContext() throws -> NIOSSLContext? {
        guard tls else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }

    func validateLoopback() throws {
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        guard loopback else { throw ValidationError("--host must be a loopback address; tern-load does not load remote machines") }
    }
}

struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Fill each test user's INBOX by APPEND from the deterministic generator (and create the mixed profile's folders)."
    )

    @OptionGroup var target: TargetOptions
    @Option(help: "Number of users (user 1...N).") var users: Int
    @Option(help: "Messages to append per user (or give --bytes).") var messages: Int?
    @Option(help: "Append messages until each user's INBOX holds at least this much, e.g. 2GiB, 168MiB (instead of --messages).")
    var bytes: String?
    @Option(help: "Largest generated message, e.g. 100KB: sizes follow the real-world curve cut at this size.")
    var maxMessageSize: String?
    @Option(help: "Users provisioned at the same time.") var concurrency: Int = 4

    func run() async throws {
        try target.validateLoopback()
        guard users > 0, concurrency > 0 else { throw ValidationError("--users and --concurrency must be > 0") }
        let mailboxTarget = try Self.mailboxTarget(messages: messages, bytes: bytes)
        var generator = MessageGenerator(seed: target.seed)
        if let maxMessageSize {
            guard let cap = ByteCount.parse(maxMessageSize), cap > 0 else { throw ValidationError("--max-message-size: not a byte count: \(maxMessageSize)") }
            generator = MessageGenerator(seed: target.seed, distribution: generator.distribution.capped(at: Int(cap)))
        }
        _ = FileLimit.raiseToHard()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: min(2, System.coreCount))
        let clock = RunClock(origin: .now())
        let metrics = Metrics(expectedSessions: users, clock: clock)
        let pattern = UserPattern(pattern: target.userPattern)
        let shared = SessionContext(metrics: metrics, clock: clock, end: .infinity, generator: generator)
        let runner = LoadRunner(host: target.host, port: target.port, group: group, shared: shared, tls: try target.tlsContext())
        let password = target.password
        var next = 1
        var started = 0
        var totalMessages = 0
        while metrics.finished < users {
            while next <= users && started - metrics.finished < concurrency {
                let index = next
                let loop = group.next()
                let credentials = Credentials(user: pattern.name(index), password: password, index: index)
                let messages: Int
                switch mailboxTarget {
                case .messages(let count): messages = count
                case .bytes(let bytes):
                    guard let count = generator.messageCount(user: index, reaching: bytes) else {
                        throw ValidationError("--bytes \(bytes): more than 10,000,000 messages")
                    }
                    messages = count
                }
                totalMessages += messages
                loop.execute {
                    let state = SessionState(credentials: credentials, script: ProvisionScript(credentials: credentials, messages: messages))
                    runner.connect(NIOLoopBound(state, eventLoop: loop), on: loop)
                }
                next += 1
                started += 1
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let counters = metrics.counters
        print("provisioned \(users) users, \(totalMessages) messages in all: \(Units.bytes(Double(counters.bytesAppended))) appended "
              + "in \(Units.seconds(clock.now())); commands OK \(counters.commandsOK), NO \(counters.commandsNO), "
              + "BAD \(counters.commandsBAD); login failures \(counters.loginFailures), connect failures \(counters.connectFailures)")
        for latency in metrics.latencies {
            print("  \(latency.name): n=\(latency.count) p50=\(Units.millis(latency.p50)) ms p99=\(Units.millis(latency.p99)) ms")
        }
        try await group.shutdownGracefully()
        if counters.loginFailures > 0 || counters.connectFailures > 0 { throw ExitCode(1) }
    }

    enum MailboxTarget {
        case messages(Int)
        case bytes(UInt64)
    }

    static func mailboxTarget(messages: Int?, bytes: String?) throws -> MailboxTarget {
        switch (messages, bytes) {
        case (let count?, nil):
            guard count >= 0 else { throw ValidationError("--messages must be >= 0") }
            return .messages(count)
        case (nil, let text?):
            guard let bytes = ByteCount.parse(text) else { throw ValidationError("--bytes: not a byte count: \(text) (e.g. 2GiB, 168MiB)") }
            return .bytes(bytes)
        default:
            throw ValidationError("give exactly one of --messages and --bytes")
        }
    }
}
