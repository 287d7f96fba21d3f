import Testing

@testable import TernMail

@Suite struct MailboxConvergenceTests {
    /// Seeded schedules (a rotating seed by default; see `SimulationSchedules`); a failure prints
    /// its seed.
    @Test func randomSchedulesConvergeAndKeepTheInvariants() {
        let schedules = SimulationSchedules.count(default: 2_000)
        let baseSeed = SimulationSchedules.baseSeed("MailboxConvergenceTests")
        var appends: UInt64 = 0
        var crashes = 0
        var incrementalResyncs = 0
        var duplicateImports = 0
        var reissues = 0
        for n in 0..<schedules {
            var simulation = ConvergenceSimulation(seed: baseSeed &+ UInt64(n), config: .init())
            simulation.run()
            for failure in simulation.failures { Issue.record("\(failure)") }
            if !simulation.failures.isEmpty { return }
            appends += simulation.frontends[0].state.appendCount
            crashes += simulation.crashes
            incrementalResyncs += simulation.incrementalResyncs
            duplicateImports += simulation.duplicateImports
            reissues += simulation.reissues
        }
        // The schedules really exercise crashes, CHANGEDSINCE/VANISHED reconnects, racing imports
        // and reissues.
        let scale = schedules / 100
        #expect(appends > UInt64(500 * scale) && crashes > 25 * scale && incrementalResyncs > 250 * scale)
        #expect(duplicateImports > 5 * scale && reissues > 5 * scale)
        print(
            "schedules: \(schedules), appends \(appends), crashes \(crashes),",
            "incremental QRESYNC reconnects \(incrementalResyncs), racing duplicate imports \(duplicateImports),",
            "reissued messages \(reissues)"
        )
    }

    @Test func withoutConcurrencyNothingIsLateOrReissued() {
        for n in 0..<300 {
            var config = ConvergenceSimulation.Config()
            config.maxDelay = 0
            config.crashProbability = 0
            var simulation = ConvergenceSimulation(seed: 99 &+ UInt64(n), config: config)
            simulation.run()
            for failure in simulation.failures { Issue.record("\(failure)") }
            #expect(simulation.frontends[0].state.lateIncarnations == 0, "seed \(99 &+ UInt64(n))")
            #expect(simulation.reissues == 0, "seed \(99 &+ UInt64(n))")
        }
    }

    /// Measures reissues per 1,000 appends for a few concurrency settings (printed for the
    /// report); the invariants, a constant UIDVALIDITY among them, are checked in every schedule.
    /// A step is one action of one frontend; a write becomes visible to each other frontend
    /// 0...maxDelay steps later.
    @Test(arguments: [
        (2, 4, 0.05), (3, 4, 0.05), (5, 4, 0.05), (2, 4, 0.45), (3, 4, 0.45), (5, 4, 0.45), (5, 12, 0.45),
    ])
    func reissueRate(frontends: Int, maxDelay: Int, writeProbability: Double) {
        var config = ConvergenceSimulation.Config()
        config.frontends = frontends...frontends
        config.maxDelay = maxDelay
        config.writeProbability = writeProbability
        config.steps = writeProbability < 0.1 ? 600 : 200
        config.crashProbability = 0
        var appends: UInt64 = 0
        var reissues = 0
        var late = 0
        var resyncs = 0
        for n in 0..<30 {
            var simulation = ConvergenceSimulation(seed: 5_000 &+ UInt64(n), config: config)
            simulation.run()
            for failure in simulation.failures { Issue.record("\(failure)") }
            let state = simulation.frontends[0].state
            appends += state.appendCount - UInt64(state.reissuedMessages)
            reissues += Int(state.reissuedMessages)
            late += simulation.lateIncarnations
            resyncs += simulation.clients.map(\.fullResyncs).reduce(0, +)
        }
        let rate = Double(reissues) * 1_000 / Double(max(appends, 1))
        print(
            "reissue rate: \(frontends) frontends, writes \(writeProbability), delay 0...\(maxDelay) steps:",
            "\(reissues) reissues / \(appends) appends = \(rate) per 1,000; late incarnations \(late);",
            "UIDVALIDITY changes seen by clients \(resyncs)"
        )
        #expect(appends > 200 && resyncs == 0)
    }
}
