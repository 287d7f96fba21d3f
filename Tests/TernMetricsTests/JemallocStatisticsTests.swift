import Testing

@testable import TernMetrics

@Suite struct JemallocStatisticsTests {
    /// The test binary links TernMetrics, hence jemalloc: its counters exist and follow allocations.
    /// The counters are process-wide and other tests allocate and free at the same time (2.3 MiB freed in
    /// between was seen in a full run), so the slack is 8 MiB and a miss is tried again a few times.
    @Test func countersFollowALiveAllocation() throws {
        let size = 64 << 20
        var seen: [(before: Int, during: Int)] = []
        for _ in 0..<5 {
            let before = try #require(JemallocStatistics.read())
            let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            defer { block.deallocate() }
            block.initializeMemory(as: UInt8.self, repeating: 1, count: size)
            let during = try #require(JemallocStatistics.read())
            #expect(during.resident >= size)
            #expect(during.active >= during.allocated)
            seen.append((before.allocated, during.allocated))
            if during.allocated >= before.allocated + size - (8 << 20) { return }
        }
        Issue.record("allocated did not grow by about \(size) bytes in 5 tries: \(seen)")
    }
}
