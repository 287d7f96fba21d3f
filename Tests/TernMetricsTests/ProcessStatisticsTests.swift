import Testing

@testable import TernMetrics

@Suite struct ProcessStatisticsTests {
    @Test func parsesStatusAndStatWithSpacesInTheCommandName() throws {
        let status = "Name:\ttern\nVmPeak:\t  99999 kB\nVmRSS:\t   20480 kB\nThreads:\t5\n"
        // Fields after the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        let stat = "4242 (tern (dev) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 5 0"
        let stats = try #require(ProcessStatistics.parse(status: status, stat: stat, ticksPerSecond: 100))
        #expect(stats.residentBytes == 20480 * 1024)
        #expect(stats.userCPUSeconds == 2.5)
        #expect(stats.systemCPUSeconds == 0.5)
        #expect(stats.threads == 5)
    }

    @Test func rejectsTruncatedStat() {
        #expect(ProcessStatistics.parse(status: "VmRSS: 1 kB\nThreads: 1\n", stat: "1 (x) S 1 2", ticksPerSecond: 100) == nil)
    }

    @Test func readsThisProcess() throws {
        let stats = try #require(ProcessStatistics.read())
        #expect(stats.residentBytes > 1 << 20)
        #expect(stats.threads >= 1)
    }
}
