import Foundation
import Logging
import NIOCore
import TernNetwork
import TernTestSupport
import Testing

@testable import TernAuth

/// The SASL endpoint over real loopback sockets, byte for byte, backed by a real user file.
@Suite(.timeLimit(.minutes(2))) struct SASLAuthServerTests {
    /// A running server on a free port (and optionally a Unix socket); `stop()` cancels it.
    struct Running {
        let task: Task<Void, any Error>
        let addresses: [SocketAddress]
        let directory: TemporaryDirectory

        func stop() {
            task.cancel()
            directory.remove()
        }
    }

    static func start(
        unix: Bool = false, idleTimeout: Duration = .seconds(60), maxConnections: Int = 512,
        deadlines: DeadlineScheduler = DeadlineScheduler()
    ) async throws -> Running {
        let directory = try TemporaryDirectory()
        try directory.replace(
            "users.toml",
            with: StaticUserFileTests.file(users: [("alice", UserDirectoryTests.hunter2)])
        )
        let users = try StaticUserFile(
            path: directory.file("users.toml"),
            gate: try AuthenticationGate(decoyParameters: StaticUserFileTests.fastDecoy),
            logger: Logger(label: "test")
        )
        var listeners: [ServerListenAddress] = [.tcp(host: "127.0.0.1", port: 0)]
        if unix { listeners.append(.unix(path: directory.file("auth.sock"), mode: 0o600)) }
        let server = SASLAuthServer(
            configuration: SASLAuthServerConfiguration(
                listeners: listeners,
                maxConnections: maxConnections,
                maxLineLength: 1024,
                idleTimeout: idleTimeout
            ),
            authenticator: users,
            logger: Logger(label: "test"),
            deadlines: deadlines
        )
        let bound = try await server.bind()
        let task = Task { try await server.serve(bound) }
        return Running(task: task, addresses: bound.compactMap(\.localAddress), directory: directory)
    }

    static let handshakePrefix = ["VERSION\t1\t2", "MECH\tPLAIN\tplaintext", "MECH\tLOGIN\tplaintext"]

    /// Connects, checks the server's handshake, sends Postfix's opening lines.
    static func session(_ address: SocketAddress, _ body: (LoopbackClient) async throws -> Void) async throws {
        try await LoopbackClient.connect(to: address) { client in
            try await client.write("VERSION\t1\t0\nCPID\t4242\n")
            let lines = try await client.readLines(7)
            #expect(Array(lines.prefix(3)) == handshakePrefix.map { $0 })
            #expect(lines[3]?.hasPrefix("SPID\t") == true)
            #expect(lines[4]?.hasPrefix("CUID\t") == true)
            #expect(lines[5]?.hasPrefix("COOKIE\t") == true && lines[5]?.count == 7 + 32)
            #expect(lines[6] == "DONE")
            try await body(client)
        }
    }

    static func plain(_ authzid: String, _ user: String, _ password: String) -> String {
        Base64.encode(Array("\(authzid)\0\(user)\0\(password)".utf8))
    }

    /// The listener's cap (TernNetwork's `ConnectionCap`, as for LMTP): past it a connection is closed before
    /// any handshake; the admitted one goes on.
    @Test func connectionsPastTheCapAreClosed() async throws {
        let server = try await Self.start(maxConnections: 1)
        defer { server.stop() }
        try await Self.session(server.addresses[0]) { client in
            let refused = try await LoopbackClient.connect(to: server.addresses[0]) { refused in
                (try await refused.readLine(), await refused.isClosedByServer())
            }
            #expect(refused.0 == nil)
            #expect(refused.1)
            let base = "PLAIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\tresp="
            try await client.write("AUTH\t1\t\(base)\(Self.plain("", "alice", "hunter2"))\n")
            #expect(try await client.readLine()?.hasPrefix("OK\t1") == true)
        }
    }

    @Test func plainWithInitialResponse() async throws {
        let server = try await Self.start()
        defer { server.stop() }
        try await Self.session(server.addresses[0]) { client in
            let base = "PLAIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\tresp="
            try await client.write("AUTH\t1\t\(base)\(Self.plain("", "alice", "hunter2"))\n")
            #expect(try await client.readLine() == "OK\t1\tuser=alice")
            try await client.write("AUTH\t2\t\(base)\(Self.plain("", "alice", "wrong"))\n")
            #expect(try await client.readLine() == "FAIL\t2\tuser=alice")
            // Unknown user: the very same answer shape as a wrong password.
            try await client.write("AUTH\t3\t\(base)\(Self.plain("", "mallory", "wrong"))\n")
            #expect(try await client.readLine() == "FAIL\t3\tuser=mallory")
            // Authorization id equal to the authentication id works; another one does not.
            try await client.write("AUTH\t4\t\(base)\(Self.plain("alice", "alice", "hunter2"))\n")
            #expect(try await client.readLine() == "OK\t4\tuser=alice")
            try await client.write("AUTH\t5\t\(base)\(Self.plain("bob", "alice", "hunter2"))\n")
            #expect(try await client.readLine() == "FAIL\t5\treason=Authorization as another user is not supported")
            // The canonical login comes back for an address.
            try await client.write("AUTH\t6\t\(base)\(Self.plain("", "ALICE@example.tld", "hunter2"))\n")
            #expect(try await client.readLine() == "OK\t6\tuser=alice")
        }
    }

    @Test func plainAndLoginWithContinuations() async throws {
        let server = try await Self.start()
        defer { server.stop() }
        try await Self.session(server.addresses[0]) { client in
            try await client.write("AUTH\t1\tPLAIN\tservice=smtp\n")
            #expect(try await client.readLine() == "CONT\t1\t")
            try await client.write("CONT\t1\t\(Self.plain("", "alice", "hunter2"))\n")
            #expect(try await client.readLine() == "OK\t1\tuser=alice")

            try await client.write("AUTH\t2\tLOGIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\n")
            #expect(try await client.readLine() == "CONT\t2\tVXNlcm5hbWU6")
            try await client.write("CONT\t2\tYWxpY2U=\n")
            #expect(try await client.readLine() == "CONT\t2\tUGFzc3dvcmQ6")
            try await client.write("CONT\t2\taHVudGVyMg==\n")
            #expect(try await client.readLine() == "OK\t2\tuser=alice")
        }
    }

    @Test func pipelinedRequestsAnswerInOrder() async throws {
        let server = try await Self.start()
        defer { server.stop() }
        try await Self.session(server.addresses[0]) { client in
            var batch = ""
            for (id, password) in [(1, "hunter2"), (2, "nope"), (3, "hunter2")] {
                batch += "AUTH\t\(id)\tPLAIN\tservice=imap\tresp=\(Self.plain("", "alice", password))\n"
            }
            try await client.write(batch)
            #expect(try await client.readLines(3) == ["OK\t1\tuser=alice", "FAIL\t2\tuser=alice", "OK\t3\tuser=alice"])
        }
    }

    @Test func badInputFailsTheRequestButKeepsTheConnection() async throws {
        let server = try await Self.start()
        defer { server.stop() }
        try await Self.session(server.addresses[0]) { client in
            try await client.write("AUTH\t1\tPLAIN\tservice=smtp\tresp=AGFsaWNl*Gh1bnRlcjI=\n")
            #expect(try await client.readLine() == "FAIL\t1\treason=Invalid base64 data")
            try await client.write("AUTH\t2\tPLAIN\tservice=smtp\tresp=\(Base64.encode(Array("alice".utf8)))\n")
            #expect(try await client.readLine() == "FAIL\t2\treason=Invalid PLAIN message")
            try await client.write("AUTH\t3\tCRAM-MD5\tservice=smtp\n")
            #expect(try await client.readLine() == "FAIL\t3\treason=Unsupported authentication mechanism")
            try await client.write("AUTH\t4\tLOGIN\tservice=smtp\n")
            #expect(try await client.readLine() == "CONT\t4\tVXNlcm5hbWU6")
            try await client.write("CONT\t4\t!!!!\n")
            #expect(try await client.readLine() == "FAIL\t4\treason=Invalid base64 data")
            try await client.write("CONT\t99\tYWxpY2U=\n")
            #expect(try await client.readLine() == "FAIL\t99\treason=Unknown or expired authentication request")
            try await client.write("AUTH\t5\tPLAIN\tservice=smtp\tresp=\(Self.plain("", "alice", "hunter2"))\n")
            #expect(try await client.readLine() == "OK\t5\tuser=alice")
        }
    }

    @Test(arguments: [
        "HELLO\tthere\n",  // unknown command
        "AUTH\t1\tPLAIN\tservice=smtp\tresp=" + String(repeating: "A", count: 2000) + "\n",  // oversized line
        "AUTH\t1\tPLAIN\tservice=smtp\nAUTH\t1\tPLAIN\tservice=smtp\n",  // reused request id
    ])
    func protocolViolationsCloseTheConnection(input: String) async throws {
        let server = try await Self.start()
        defer { server.stop() }
        try await Self.session(server.addresses[0]) { client in
            try await client.write(input)
            #expect(await client.isClosedByServer())
        }
    }

    @Test func wrongVersionClosesAtOnce() async throws {
        let server = try await Self.start()
        defer { server.stop() }
        try await LoopbackClient.connect(to: server.addresses[0]) { client in
            try await client.write("VERSION\t2\t0\n")
            #expect(await client.isClosedByServer())
        }
    }

    @Test func servesAUnixSocket() async throws {
        let server = try await Self.start(unix: true)
        defer { server.stop() }
        #expect(server.addresses.count == 2)
        try await Self.session(server.addresses[1]) { client in
            try await client.write("AUTH\t1\tPLAIN\tservice=smtp\tresp=\(Self.plain("", "alice", "hunter2"))\n")
            #expect(try await client.readLine() == "OK\t1\tuser=alice")
        }
    }

    @Test func parsesListenAddresses() {
        #expect(ServerListenAddress("127.0.0.1:12345") == .tcp(host: "127.0.0.1", port: 12345))
        #expect(ServerListenAddress("[::1]:24") == .tcp(host: "::1", port: 24))
        #expect(ServerListenAddress("unix:/run/tern/auth") == .unix(path: "/run/tern/auth", mode: 0o660))
        #expect(ServerListenAddress("localhost") == nil)
        #expect(ServerListenAddress(":25") == nil)
        #expect(ServerListenAddress("host:99999") == nil)
    }

    /// A client that stops sending is disconnected after the idle timeout. On a manual clock: the test moves
    /// time instead of waiting (`advance` takes the sleepers it wakes out at once: one still there right after it
    /// was not woken).
    @Test func idleConnectionIsClosed() async throws {
        let clock = ManualClock()
        let server = try await Self.start(
            idleTimeout: .seconds(1800), deadlines: DeadlineScheduler(clock: AnyClock(clock)))
        defer { server.stop() }
        try await Self.session(server.addresses[0]) { client in
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(1799))
            #expect(clock.sleeperCount == 1)
            clock.advance(by: .seconds(1))
            #expect(await client.isClosedByServer())
        }
    }
}
