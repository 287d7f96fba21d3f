import TernNetwork
import TernTestSupport
import Testing

@testable import TernServer

/// Issue #17 point 3 against the real listeners: the pre-login deadline, the TLS handshake deadline, and the
/// per-IP and per-(user, IP) connection caps. The pre-login deadline runs on a manual clock the tests advance; the
/// TLS handshake deadline (an event-loop timer) is configured short, and "closed within deadline + slack" is the
/// behaviour checked, never how long anything took.
@Suite(.timeLimit(.minutes(3))) struct ConnectionLimitsLiveTests {
    /// Generous: the machine running the tests may be loaded. The client's clock starts at its connect, the
    /// server's at its accept; in a full parallel run (2 cores, CPU-bound suites holding the concurrency pool)
    /// 23 of 200 connections got their BYE only after 15 s, and the close just after.
    static let slack: Duration = .seconds(45)

    static func options(
        preLogin: Duration = .seconds(60), tlsHandshake: Duration = .seconds(60), clock: ManualClock? = nil
    ) -> LiveServer.Options {
        var options = LiveServer.Options()
        options.timeouts = IMAPListener.Timeouts(preLogin: preLogin, tlsHandshake: tlsHandshake)
        if let clock { options.clock = AnyClock(clock) }
        return options
    }

    /// 200 silent connections are all closed, with a BYE, when the pre-login deadline passes (before: all still
    /// open after 90 s, the only limit being the 30-minute autologout). On a manual clock: the test moves time
    /// once every connection is greeted (its deadline is armed before its greeting).
    @Test func silentConnectionsAreClosedAtThePreLoginDeadline() async throws {
        let clock = ManualClock()
        let server = try await LiveServer.start(Self.options(preLogin: .seconds(60), clock: clock))
        defer { server.stop() }
        let count = 200
        let (greetings, greeted) = AsyncStream<Void>.makeStream()
        let results = try await withThrowingTaskGroup(of: (Bool, [String]).self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await RawClient.session(port: server.imapPort) { client in
                        _ = try await client.readLine()
                        greeted.yield()
                        let closed = await client.closedByServer(within: Self.slack)
                        return (closed, client.linesBeforeClose)
                    }
                }
            }
            var waiting = greetings.makeAsyncIterator()
            for _ in 0..<count { await waiting.next() }
            clock.advance(by: .seconds(60))
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == count)
        #expect(results.allSatisfy { $0.0 }, "\(results.filter { !$0.0 }.count) still open")
        #expect(results.allSatisfy { $0.1.last == "* BYE Login timeout, closing" })
    }

    /// Commands and failed logins do not move the deadline: only a login does. On a manual clock: every command
    /// before the deadline is answered, and the deadline passes 60 s after the connection came however many
    /// came in between.
    @Test func talkingWithoutLoggingInDoesNotMoveTheDeadline() async throws {
        let clock = ManualClock()
        let server = try await LiveServer.start(Self.options(preLogin: .seconds(60), clock: clock))
        defer { server.stop() }
        try await RawClient.session(port: server.imapPort) { client in
            _ = try await client.readLine()
            for round in 0..<29 {
                clock.advance(by: .seconds(2))
                let command = round.isMultiple(of: 5) ? "LOGIN alice wrong" : "NOOP"
                let answer = try await client.command("t\(round)", command).last ?? "(closed)"
                #expect(answer.hasPrefix("t\(round) "), "\(answer) at \(clock.now)")
            }
            clock.advance(by: .seconds(2))
            #expect(await client.closedByServer(within: Self.slack))
            #expect(client.linesBeforeClose == ["* BYE Login timeout, closing"])
        }
    }

    /// A logged-in session is not touched by the pre-login deadline. On a manual clock: past the deadline (and
    /// once its timer ran, sleeping again until the autologout) the session still answers.
    @Test func loggedInSessionOutlivesTheDeadline() async throws {
        let clock = ManualClock()
        let server = try await LiveServer.start(Self.options(preLogin: .seconds(30), clock: clock))
        defer { server.stop() }
        try await RawClient.session(port: server.imapPort) { client in
            _ = try await client.readLine()
            #expect(try await client.command("a", "LOGIN alice hunter2").last?.hasPrefix("a OK") == true)
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(31))
            await clock.waitForSleepers(1)
            #expect(try await client.command("b", "NOOP").last?.hasPrefix("b OK") == true)
        }
    }

    /// Implicit TLS: a client that never completes the handshake is closed at the TLS deadline, long before the
    /// pre-login one.
    @Test func stalledImplicitTLSHandshakeIsClosed() async throws {
        let server = try await LiveServer.start(Self.options(tlsHandshake: .seconds(1)))
        defer { server.stop() }
        try await RawClient.session(port: server.imapsPort) { client in
            // The start of a ClientHello, then nothing. On a loaded machine the deadline may have closed
            // the connection before this write: that is the outcome checked below, not an error.
            try? await client.write("\u{16}\u{03}\u{01}")
            #expect(await client.closedByServer(within: .seconds(1) + Self.slack))
        }
    }

    /// STARTTLS: after "OK Begin TLS" a client that sends nothing is closed at the TLS deadline (before: the
    /// session waited for the handshake with no deadline at all).
    @Test func stalledStartTLSHandshakeIsClosed() async throws {
        let server = try await LiveServer.start(Self.options(tlsHandshake: .seconds(1)))
        defer { server.stop() }
        try await RawClient.session(port: server.imapPort) { client in
            _ = try await client.readLine()
            #expect(try await client.command("s", "STARTTLS").last?.hasPrefix("s OK") == true)
            #expect(await client.closedByServer(within: .seconds(1) + Self.slack))
        }
    }

    /// Holds `count` connections from `source` open (greeting read) while `body` runs.
    static func holding<Result: Sendable>(
        _ count: Int, port: Int, from source: String = "127.0.0.1", login: Bool = false,
        _ body: () async throws -> Result
    ) async throws -> Result {
        guard count > 0 else { return try await body() }
        return try await RawClient.session(port: port, from: source) { client in
            _ = try await client.readLine()
            if login { _ = try await client.command("h", "LOGIN alice hunter2") }
            return try await holding(count - 1, port: port, from: source, login: login, body)
        }
    }

    /// Past `max_connections_per_ip` a connection gets a clear BYE at once; another address is not affected.
    @Test func connectionsPastThePerAddressCapGetBye() async throws {
        var options = LiveServer.Options()
        options.caps = ConnectionCaps.Limits(maxConnections: 100, maxPerAddress: 3, maxPerUserAddress: 10)
        let server = try await LiveServer.start(options)
        defer { server.stop() }
        try await Self.holding(3, port: server.imapPort) {
            let refused = try await RawClient.session(port: server.imapPort) { client in
                (try await client.readLine(), await client.closedByServer(within: Self.slack))
            }
            #expect(refused.0 == "* BYE [LIMIT] Too many connections from your address" && refused.1)
            let other = try await RawClient.session(port: server.imapPort, from: "127.0.0.2") { try await $0.readLine() }
            #expect(other?.hasPrefix("* OK") == true)
        }
        // Slots come back once the server has seen the connections close.
        let again = try await Self.eventually {
            try await RawClient.session(port: server.imapPort) { try await $0.readLine() }?.hasPrefix("* OK") == true
        }
        #expect(again)
    }

    /// Past `max_connections_per_user_ip` one more login of that user from that address gets BYE [LIMIT];
    /// from another address it works.
    @Test func loginsPastThePerUserAddressCapGetBye() async throws {
        var options = LiveServer.Options()
        options.caps = ConnectionCaps.Limits(maxConnections: 100, maxPerAddress: 100, maxPerUserAddress: 2)
        let server = try await LiveServer.start(options)
        defer { server.stop() }
        try await Self.holding(2, port: server.imapPort, login: true) {
            try await RawClient.session(port: server.imapPort) { client in
                _ = try await client.readLine()
                let lines = try await client.command("a", "LOGIN alice hunter2")
                #expect(lines.last == "* BYE [LIMIT] Too many connections for this user from your address")
                #expect(await client.closedByServer(within: Self.slack))
            }
            #expect(try await server.login("alice", "hunter2", from: "127.0.0.2").hasPrefix("a OK"))
        }
        let again = try await Self.eventually { try await server.login("alice", "hunter2").hasPrefix("a OK") }
        #expect(again)
    }

    /// True once `attempt` is (the server handles a client's close asynchronously); false after 100 tries.
    static func eventually(_ attempt: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if try await attempt() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
