import Testing
@testable import TernLoadCore

@Suite struct ProcStatTests {
    // A real /proc/PID/stat layout; the command name holds a space and a parenthesis.
    static let line = "4242 (imap (x) y) S 100 4242 4242 0 -1 4194560 1234 0 0 0 150 25 7 3 20 0 1 0 991 12345678 812 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"

    @Test func parsesFieldsAfterTheLastParenthesis() throws {
        let stat = try #require(ProcStat.parse(Self.line))
        #expect(stat.pid == 4242)
        #expect(stat.parent == 100)
        #expect(stat.cpuTicks == 150 + 25 + 7 + 3)
        #expect(stat.residentPages == 812)
    }

    @Test func rejectsTruncatedLines() {
        #expect(ProcStat.parse("12 (x) S 1 2 3") == nil)
        #expect(ProcStat.parse("garbage") == nil)
        #expect(ProcStat.parse("") == nil)
    }

    @Test func treeIncludesAllDescendantsOnly() {
        func process(_ pid: Int32, _ parent: Int32) -> ProcStat { ProcStat(pid: pid, parent: parent, cpuTicks: 1, residentPages: 1) }
        let processes = [process(1, 0), process(10, 1), process(11, 10), process(12, 10), process(13, 12), process(20, 1), process(21, 20)]
        #expect(Set(ProcessTree.members(root: 10, processes: processes).map(\.pid)) == [10, 11, 12, 13])
        #expect(ProcessTree.members(root: 99, processes: processes).isEmpty)
        #expect(ProcessTree.members(root: 13, processes: processes).map(\.pid) == [13])
    }

    @Test func smapsRollupPSS() {
        let text = "55a9-7ffc ---p 00000000 00:00 0   [rollup]\nRss:                3488 kB\nPss:                 729 kB\nPss_Dirty:           484 kB\n"
        #expect(SmapsRollup.pssBytes(text) == 729 * 1024)
        #expect(SmapsRollup.pssBytes("Rss: 1 kB\n") == nil)
    }
}
