import Testing
@testable import TernLoadCore

@Suite struct CapacityEstimateTests {
    static let mib: UInt64 = 1_048_576

    /// 3 baseline samples at 10 MiB, then 100 users adding 50 MiB, CPU 0.5 s per second.
    static func samples(pss: Bool) -> [RunReport.Sample] {
        var samples: [RunReport.Sample] = []
        for second in -3..<0 {
            samples.append(.init(time: Double(second), rssBytes: 40 * mib, pssBytes: pss ? 10 * mib : nil,
                                 cpuSeconds: 1, processes: 1, activeSessions: 0))
        }
        for second in 0...10 {
            let memory: UInt64 = second < 2 ? 20 * mib : (second == 6 ? 200 * mib : 60 * mib)
            samples.append(.init(time: Double(second), rssBytes: memory + 30 * mib, pssBytes: pss ? memory : nil,
                                 cpuSeconds: 1 + 0.5 * Double(second), processes: 1, activeSessions: 100))
        }
        return samples
    }

    @Test func perUserFromMedianAboveBaseline() throws {
        let estimate = try #require(CapacityEstimate.compute(samples: Self.samples(pss: true), holdStart: 2, holdEnd: 10, users: 100))
        #expect(estimate.memoryMeasure == "PSS")
        #expect(estimate.baselineRSSBytes == Double(10 * Self.mib))
        #expect(estimate.steadyRSSBytes == Double(60 * Self.mib))  // the 200 MiB spike does not move the median
        #expect(estimate.peakRSSBytes == Double(200 * Self.mib))
        #expect(estimate.ramPerUserBytes == Double(50 * Self.mib) / 100)
        #expect(abs(estimate.cores - 0.5) < 1e-9)
        #expect(abs(estimate.coresPerUser - 0.005) < 1e-12)
        // (1 GiB - 10 MiB) / 0.5 MiB = 2028 users
        #expect(estimate.fits.map(\.gibibytes) == [1, 4, 16])
        #expect(estimate.fits[0].users == 2028)
        #expect(estimate.fits[1].users == 8172)
        #expect(abs((estimate.fits[0].cores ?? 0) - 10.14) < 1e-9)
    }

    @Test func fallsBackToRSSWithoutPSS() throws {
        let estimate = try #require(CapacityEstimate.compute(samples: Self.samples(pss: false), holdStart: 2, holdEnd: 10, users: 100))
        #expect(estimate.memoryMeasure == "RSS")
        #expect(estimate.baselineRSSBytes == Double(40 * Self.mib))
        #expect(estimate.ramPerUserBytes == Double(50 * Self.mib) / 100)
    }

    @Test func noGrowthGivesNoBound() throws {
        var samples = Self.samples(pss: true)
        for index in samples.indices { samples[index].pssBytes = 10 * Self.mib }
        let estimate = try #require(CapacityEstimate.compute(samples: samples, holdStart: 2, holdEnd: 10, users: 100))
        #expect(estimate.fits.allSatisfy { $0.users == nil })
    }

    @Test func needsBaselineAndHoldSamples() {
        let samples = Self.samples(pss: true)
        #expect(CapacityEstimate.compute(samples: samples.filter { $0.time >= 0 }, holdStart: 2, holdEnd: 10, users: 100) == nil)
        #expect(CapacityEstimate.compute(samples: samples, holdStart: 20, holdEnd: 30, users: 100) == nil)
        #expect(CapacityEstimate.compute(samples: samples, holdStart: 2, holdEnd: 10, users: 0) == nil)
    }
}
