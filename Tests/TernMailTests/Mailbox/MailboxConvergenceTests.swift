import Testing

@testable import TernMail

@Suite struct MailboxConvergenceTests {
    /// Thousands of seeded schedules; a failure prints its seed (rerun with that seed alone).
    @Test func randomSchedulesConvergeAndKeepTheInvariants() {
        let baseSeed: UInt64 = 0x7E_2026
        var appends: UInt64 = 0
        var crashes = 0
        var incrementalResyncs = 0
        var duplicateImports = 0
        for n in 0..<2_000 {
            var simulation = ConvergenceSimulation(seed: baseSeed &+ UInt64(n), config: .init())
            simulation.run()
            for failure in simulation.failures { Issue.record("\(failure)") }
            if !simulation.failures.isEmpty { return }
            appends += simulation.frontends[0].state.appendCount
            crashes += simulation.crashes
            incrementalResyncs += simulation.incrementalResyncs
            duplicateImports += simulation.duplicateImports
        }
        // The schedules really exercise crashes, CHANGEDSINCE/VANISHED reconnects and racing imports.
        #expect(appends > 10_000 && crashes > 500 && incrementalResyncs > 5_000 && duplicateImports > 100)
        print(
            "schedules: 2000, appends \(appends), crashes \(crashes),",
            "incremental QRESYNC reconnects \(incrementalResyncs), racing duplicate imports \(duplicateImports)"
        )
    }

    @Test func withoutConcurrencyUIDValidityNeverMoves() {
        for n in 0..<300 {
            var config = ConvergenceSimulation.Config()
            config.maxDelay = 0
            config.crashProbability = 0
            var simulation = ConvergenceSimulation(seed: 99 &+ UInt64(n), config: config)
            simulation.run()
            for failure in simulation.failures { Issue.record("\(failure)") }
            #expect(simulation.frontends[0].state.uidValidityChanges == 0, "seed \(99 &+ UInt64(n))")
        }
    }

    /// Measures UIDVALIDITY changes per 1,000 appends for a few concurrency settings (printed
    /// for the report); the invariants are checked in every schedule as well.
    /// A step is one action of one frontend; a write becomes visible to each other frontend
    /// 0...maxDelay steps later.
    @Test(arguments: [
        (2, 4, 0.05), (3, 4, 0.05), (5, 4, 0.05), (2, 4, 0.45), (3, 4, 0.45), (5, 4, 0.45), (5, 12, 0.45),
    ])
    func uidValidityChangeRate(frontends: Int, maxDelay: Int, writeProbability: Double) {
        var config = ConvergenceSimulation.Config()
        config.frontends = frontends...frontends
        config.maxDelay = maxDelay
        config.writeProbability = writeProbability
        config.steps = writeProbability < 0.1 ? 600 : 200
        config.crashProbability = 0
        var appends: UInt64 = 0
        var changes: UInt64 = 0
        var resyncs = 0
        for n in 0..<30 {
            var simulation = ConvergenceSimulation(seed: 5_000 &+ UInt64(n), config: config)
            simulation.run()
            for failure in simulation.failures { Issue.record("\(failure)") }
            appends += simulation.frontends[0].state.appendCount
            changes += UInt64(simulation.frontends[0].state.uidValidityChanges)
            resyncs += simulation.clients.map(\.fullResyncs).reduce(0, +)
        }
        let rate = Double(changes) * 1_000 / Double(max(appends, 1))
        print(
            "UIDVALIDITY rate: \(frontends) frontends, writes \(writeProbability), delay 0...\(maxDelay) steps:",
            "\(changes) changes / \(appends) appends = \(rate) per 1,000; client full resyncs \(resyncs)"
        )
        #expect(appends > 200)
    }
}
