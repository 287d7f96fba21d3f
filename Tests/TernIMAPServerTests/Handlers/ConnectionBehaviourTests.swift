import NIOCore
import TernIMAP
import TernNetwork
import TernTestSupport
import Testing

@testable import TernIMAPServer

@Suite struct ConnectionBehaviourTests {
    @Test func pipelinedCommandsAreAnsweredInOrder() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        client.send("p1 LOGIN alice hunter2\r\np2 SELECT INBOX\r\np3 NOOP\r\np4 BOGUS\r\np5 NOOP\r\n")
        var tagged: [String] = []
        while tagged.count < 5, let line = await client.nextLine() {
            if line.hasPrefix("p") { tagged.append(String(line.prefix(5))) }
        }
        #expect(tagged == ["p1 OK", "p2 OK", "p3 OK", "p4 BA", "p5 OK"])
        #expect(await client.logout() == .logout)
    }

    @Test func fragmentedInputIsReassembled() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        for byte in "f1 LOGIN alice hunter2\r\n".utf8 {
            client.input.yield(.bytes(ByteBuffer(bytes: [byte])))
        }
        #expect(await client.readUntil(tag: "f1").last?.hasPrefix("f1 OK") == true)
        #expect(await client.logout() == .logout)
    }

    /// On a manual clock, so the test moves time instead of waiting for it. (The clock's sleepers are
    /// taken out synchronously by `advance`: one still there right after it was not woken.)
    @Test(.timeLimit(.minutes(2))) func idleEndsWithByeAfterTheTimeout() async throws {
        let clock = ManualClock()
        let world = try await TestMailWorld(
            limits: IMAPServerLimits(idleTimeout: .seconds(600)), clock: AnyClock(clock))
        let deadlines = world.context.deadlines
        let client = try await world.connect()
        await client.loginAndSelect()
        client.send("i1 IDLE\r\n")
        #expect(await client.nextLine() == "+ idling")
        // Armed: IDLE's deadline alone (autologout's was withdrawn), its timer asleep on the clock.
        await IdleSleepTests.eventually { deadlines.pendingCount == 1 && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(599))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        #expect(await client.nextLine() == "* BYE IDLE timed out")
        #expect(await client.close() == .idleTimeout)
    }

    @Test func idleAnswersAnythingButDoneWithBad() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        client.send("i1 IDLE\r\n")
        #expect(await client.nextLine() == "+ idling")
        client.send("i2 NOOP\r\n")
        #expect(await client.nextLine() == "i1 BAD expected DONE to end IDLE")
        #expect(await client.command("i3", "NOOP") == ["i3 OK NOOP completed"])
        #expect(await client.logout() == .logout)
    }

    @Test func clientCloseEndsTheSession() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        #expect(await client.close() == .closed)
        #expect(world.mail.openAccountCount == 0)
    }

    @Test func overlongLinesGetBad() async throws {
        let world = try await TestMailWorld(limits: IMAPServerLimits(maxLineLength: 100))
        let client = try await world.connect()
        client.send("o1 LOGIN " + String(repeating: "x", count: 200) + "\r\n")
        #expect(await client.nextLine()?.hasPrefix("o1 BAD") == true)
        #expect(await client.command("o2", "NOOP") == ["o2 OK NOOP completed"])
        #expect(await client.logout() == .logout)
    }

    @Test func aFailingOutboundEndsTheSession() async throws {
        let world = try await TestMailWorld()
        let (stream, input) = AsyncStream<IMAPInbound>.makeStream()
        input.yield(.bytes(ByteBuffer(string: "a1 NOOP\r\n")))
        let end = await IMAPConnection.run(
            inbound: stream, outbound: FailingOutbound(), startTLS: nil,
            info: IMAPConnectionInfo(remoteAddress: nil, isTLS: true, canStartTLS: false, sessionID: "f"),
            context: world.context)
        guard case .error(let text) = end else {
            Issue.record("expected an error end, got \(end)")
            return
        }
        #expect(text.hasPrefix("connection lost"))
    }
}

struct FailingOutbound: IMAPOutbound {
    struct Broken: Error {}
    func write(_ bytes: ByteBuffer) async throws { throw Broken() }
}

@Suite struct BoundedHandoffTests {
    @Test func producerWaitsWhileFullAndConsumerDrainsInOrder() async {
        let handoff = BoundedHandoff<Int>(capacity: 2)
        #expect(await handoff.send(1))
        #expect(await handoff.send(2))
        let third = Task { await handoff.send(3) }  // waits: the handoff is full
        #expect(await handoff.next() == 1)
        #expect(await third.value)
        await handoff.finish()
        #expect(await handoff.next() == 2)
        #expect(await handoff.next() == 3)
        #expect(await handoff.next() == nil)
    }

    @Test func closingReleasesAWaitingProducer() async {
        let handoff = BoundedHandoff<Int>(capacity: 1)
        #expect(await handoff.send(1))
        let blocked = Task { await handoff.send(2) }
        await handoff.close()
        #expect(await blocked.value == false)
        #expect(await handoff.send(3) == false)
    }

    @Test func cancellationEndsAWaitingConsumerWithoutLosingLaterInput() async {
        let handoff = BoundedHandoff<Int>(capacity: 1)
        let waiter = Task { await handoff.waitUntilReadable() }
        waiter.cancel()
        await waiter.value
        #expect(await handoff.send(7))
        #expect(await handoff.next() == 7)
    }
}

@Suite(.timeLimit(.minutes(2))) struct AutologoutTests {
    /// On a manual clock: the test moves time instead of waiting for it. Each command restarts the timer.
    @Test func aSilentClientIsLoggedOut() async throws {
        let clock = ManualClock()
        let world = try await TestMailWorld(
            limits: IMAPServerLimits(autologoutTimeout: .seconds(1800)), clock: AnyClock(clock))
        let deadlines = world.context.deadlines
        let client = try await world.connect()
        #expect(await client.command("l", "LOGIN alice hunter2").last?.hasPrefix("l OK") == true)
        await IdleSleepTests.eventually { deadlines.pendingCount == 1 && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(1799))
        #expect(clock.sleeperCount == 1)  // not woken: `advance` takes woken sleepers out synchronously

        #expect(await client.command("n", "NOOP") == ["n OK NOOP completed"])
        await IdleSleepTests.eventually { deadlines.pendingCount == 1 }
        // The first deadline's instant passes: its timer wakes, finds the deadline moved by NOOP and sleeps again.
        clock.advance(by: .seconds(1))
        await clock.waitForSleepers(1)
        #expect(deadlines.pendingCount == 1)
        clock.advance(by: .seconds(1798))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        #expect(await client.nextLine() == "* BYE Autologout; idle for too long")
        #expect(await client.close() == .idleTimeout)
        #expect(world.mail.openAccountCount == 0)
    }
}
