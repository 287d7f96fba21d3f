import Foundation
import Testing

@testable import TernMail

@Suite struct MultiMailboxConvergenceTests {
    /// Schedules per run: a CI-scale count by default, more with TERN_SIMULATION_SCHEDULES=N
    /// (`SimulationSchedules`).
    static let schedules = SimulationSchedules.count(default: 1_500)

    static func run(
        _ count: Int,
        baseSeed: UInt64,
        config: MultiMailboxSimulation.Config
    )
        -> (MultiMailboxSimulation.Statistics, failed: Bool)
    {
        var total = MultiMailboxSimulation.Statistics()
        for n in 0..<count {
            var simulation = MultiMailboxSimulation(seed: baseSeed &+ UInt64(n), config: config)
            simulation.run()
            // Each failure names its seed: rerun `MultiMailboxSimulation(seed:config:)` with it alone.
            for failure in simulation.failures { Issue.record("\(failure)") }
            if !simulation.failures.isEmpty { return (total, true) }
            let s = simulation.statistics
            total.crashes += s.crashes
            total.movesAcknowledged += s.movesAcknowledged
            total.movesRefused += s.movesRefused
            total.listWrites += s.listWrites
            total.deletes += s.deletes
            total.renames += s.renames
            total.incrementalResyncs += s.incrementalResyncs
            total.repeatedMoves += s.repeatedMoves
            total.doubledMoves += s.doubledMoves
            total.appendedMessages += s.appendedMessages
            total.reissuedMessages += s.reissuedMessages
            total.lateIncarnations += s.lateIncarnations
            total.liveMailboxes += s.liveMailboxes
        }
        return (total, false)
    }

    @Test func randomSchedulesWithMovesAndListChangesConverge() {
        let baseSeed = SimulationSchedules.baseSeed("MultiMailboxConvergenceTests")
        let (total, failed) = Self.run(Self.schedules, baseSeed: baseSeed, config: .init())
        guard !failed else { return }
        let rate = Double(total.reissuedMessages) * 1_000 / Double(max(total.appendedMessages, 1))
        print(
            "multi-mailbox schedules: \(Self.schedules), messages appended or moved in \(total.appendedMessages),",
            "MOVEs acknowledged \(total.movesAcknowledged), refused by a winning delete \(total.movesRefused),",
            "list writes \(total.listWrites) (renames \(total.renames), deletes \(total.deletes)),",
            "crashes \(total.crashes), incremental QRESYNC reconnects \(total.incrementalResyncs),",
            "repeated MOVEs \(total.repeatedMoves), moved messages doubled by a concurrent MOVE \(total.doubledMoves),",
            "late incarnations \(total.lateIncarnations), reissued messages \(total.reissuedMessages)",
            "= \(rate) per 1,000 messages, UIDVALIDITY changes 0"
        )
        // The schedules really exercise moves, deletes racing them, renames, crashes and reconnects.
        let scale = Self.schedules / 100
        #expect(
            total.movesAcknowledged > 20 * scale && total.movesRefused > 0 && total.renames > 5 * scale
        )
        #expect(
            total.deletes > 5 * scale && total.crashes > 50 * scale
                && total.incrementalResyncs > 100 * scale
        )
        // Concurrent MOVEs of one message into one mailbox really happen (and leave one copy), and
        // late messages are really reissued.
        #expect(total.repeatedMoves > 5 * scale && total.doubledMoves > scale)
        #expect(total.reissuedMessages > UInt64(5 * scale))
    }

    @Test func withoutConcurrencyNothingIsLateOrReissued() {
        var config = MultiMailboxSimulation.Config()
        config.maxDelay = 0
        config.crashProbability = 0
        for n in 0..<150 {
            var simulation = MultiMailboxSimulation(seed: 77 &+ UInt64(n), config: config)
            simulation.run()
            for failure in simulation.failures { Issue.record("\(failure)") }
            #expect(simulation.statistics.lateIncarnations == 0, "seed \(77 &+ UInt64(n))")
            #expect(simulation.statistics.reissuedMessages == 0, "seed \(77 &+ UInt64(n))")
        }
    }

    /// Reissues per 1,000 messages added (appends and moved copies) with moves and list changes in
    /// the mix, no crashes; printed for the report (uid-conflicts.md). UIDVALIDITY never changes.
    @Test(arguments: [(2, 4, 0.45), (3, 4, 0.45), (5, 4, 0.45), (5, 12, 0.45)])
    func reissueRateWithMoves(frontends: Int, maxDelay: Int, writeProbability: Double) {
        var config = MultiMailboxSimulation.Config()
        config.frontends = frontends...frontends
        config.maxDelay = maxDelay
        config.writeProbability = writeProbability
        config.steps = 200
        config.crashProbability = 0
        let (total, failed) = Self.run(30, baseSeed: 9_000, config: config)
        guard !failed else { return }
        let rate = Double(total.reissuedMessages) * 1_000 / Double(max(total.appendedMessages, 1))
        print(
            "reissue rate with moves: \(frontends) frontends, writes \(writeProbability), delay 0...\(maxDelay):",
            "\(total.reissuedMessages) reissues / \(total.appendedMessages) messages = \(rate) per 1,000;",
            "late incarnations \(total.lateIncarnations)"
        )
        #expect(total.appendedMessages > 200)
    }
}
