import Testing

@testable import TernMetrics

@Suite struct JemallocStatisticsTests {
    /// The test binary links TernMetrics, hence jemalloc: its counters exist and follow allocations.
    @Test func countersFollowALiveAllocation() throws {
        let before = try #require(JemallocStatistics.read())
        let size = 64 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { block.deallocate() }
        block.initializeMemory(as: UInt8.self, repeating: 1, count: size)
        let during = try #require(JemallocStatistics.read())
        #expect(during.allocated >= before.allocated + size - (1 << 20))
        #expect(during.resident >= size)
        #expect(during.active >= during.allocated)
    }
}
