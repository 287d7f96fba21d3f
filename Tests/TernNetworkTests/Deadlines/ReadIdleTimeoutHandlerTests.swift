import NIOCore
import NIOEmbedded
import TernNetwork
import TernTestSupport
import Testing

/// The LMTP/SASL read idle timeout on a manual clock: closed once nothing was read for the timeout, a read
/// moves the deadline, a closed connection leaves no deadline behind.
@Suite(.timeLimit(.minutes(1))) struct ReadIdleTimeoutHandlerTests {
    static func connected(timeout: Duration, deadlines: DeadlineScheduler) async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        // The handler is not Sendable: it is made and added on the channel's loop.
        try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.addHandler(ReadIdleTimeoutHandler(timeout: timeout, deadlines: deadlines))
        }
        try await channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
        return channel
    }

    @Test func aReadMovesTheDeadlineAndSilenceCloses() async throws {
        let clock = ManualClock()
        let deadlines = DeadlineScheduler(clock: AnyClock(clock))
        let channel = try await Self.connected(timeout: .seconds(60), deadlines: deadlines)
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(40))
        try await channel.writeInbound(ByteBuffer(string: "still here"))
        #expect(try await channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "still here"))

        // 60 s after connecting, 20 s after the read: the deadline moves to 100 s.
        clock.advance(by: .seconds(20))
        await clock.waitForSleepers(1)
        #expect(channel.isActive)
        clock.advance(by: .seconds(39))
        #expect(clock.sleeperCount == 1)  // not woken: `advance` takes woken sleepers out at once
        clock.advance(by: .seconds(1))
        try await channel.closeFuture.get()
        #expect(deadlines.pendingCount == 0)
    }

    @Test func aClosedConnectionWithdrawsItsDeadline() async throws {
        let clock = ManualClock()
        let deadlines = DeadlineScheduler(clock: AnyClock(clock))
        let channel = try await Self.connected(timeout: .seconds(60), deadlines: deadlines)
        #expect(deadlines.pendingCount == 1)
        try await channel.close()
        #expect(deadlines.pendingCount == 0)
    }
}
