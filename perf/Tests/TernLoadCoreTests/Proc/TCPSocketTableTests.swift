import Testing
@testable import TernLoadCore

@Suite struct TCPSocketTableTests {
    // Shaped like /proc/net/tcp: a listener on 21143, two ESTABLISHED connections to port 9000 (0x2328),
    // one to 9000 in TIME_WAIT (06), one ESTABLISHED to 5432.
    static let tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:5297 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
           1: 0100007F:A1B2 0100007F:2328 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1
           2: 0100007F:A1B4 0100007F:2328 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1
           3: 0100007F:A1B6 0100007F:2328 06 00000000:00000000 03:00000F9C 00000000     0        0 0 3 0000000000000000
           4: 0100007F:A1B8 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 1005 1 0000000000000000 20 4 30 10 -1
        """
    // Shaped like /proc/net/tcp6: one ESTABLISHED connection to [::1]:9000.
    static let tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000001000000:C350 00000000000000000000000001000000:2328 01 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000000000000000 20 4 0 10 -1
        """

    @Test func parsesPortsStatesAndInodes() {
        let entries = TCPSocketTable.parse(Self.tcp)
        #expect(entries.count == 5)
        #expect(entries[0] == TCPSocketTable.Entry(localPort: 21143, remotePort: 0, state: 0x0A, inode: 1001))
        #expect(entries[1] == TCPSocketTable.Entry(localPort: 0xA1B2, remotePort: 9000, state: 1, inode: 1002))
        #expect(entries[3].state == 6 && !entries[3].isEstablished)
        let six = TCPSocketTable.parse(Self.tcp6)
        #expect(six == [TCPSocketTable.Entry(localPort: 50000, remotePort: 9000, state: 1, inode: 2001)])
    }

    @Test func skipsMalformedLines() {
        #expect(TCPSocketTable.parse("").isEmpty)
        #expect(TCPSocketTable.parse("   0: 0100007F:5297 00000000:0000 0A").isEmpty)
        #expect(TCPSocketTable.parse("   0: 7F:5297 00000000:0000 0A 0:0 00:0 0 0 0 1001").isEmpty)
        #expect(TCPSocketTable.parse("   0: 0100007F:ZZZZ 00000000:0000 0A 0:0 00:0 0 0 0 1001").isEmpty)
    }

    @Test func socketLinks() {
        #expect(TCPSocketTable.socketInode(link: "socket:[123456]") == 123_456)
        #expect(TCPSocketTable.socketInode(link: "pipe:[123456]") == nil)
        #expect(TCPSocketTable.socketInode(link: "/dev/null") == nil)
        #expect(TCPSocketTable.socketInode(link: "socket:[]") == nil)
    }

    @Test func countsOnlyTheTreesEstablishedConnectionsToThePort() {
        let entries = TCPSocketTable.parse(Self.tcp) + TCPSocketTable.parse(Self.tcp6)
        // 1002 and 2001 belong to the tree; 1003 belongs to another process; 1005 goes elsewhere.
        #expect(TCPSocketTable.establishedCount(toRemotePort: 9000, entries: entries, inodes: [1001, 1002, 2001, 1005]) == 2)
        #expect(TCPSocketTable.establishedCount(toRemotePort: 9000, entries: entries, inodes: [1001, 1002, 1003, 2001]) == 3)
        #expect(TCPSocketTable.establishedCount(toRemotePort: 5432, entries: entries, inodes: [1005]) == 1)
        #expect(TCPSocketTable.establishedCount(toRemotePort: 9000, entries: entries, inodes: []) == 0)
        // An inode listed twice (the kernel table can repeat while sockets change) counts once.
        #expect(TCPSocketTable.establishedCount(toRemotePort: 9000, entries: entries + entries, inodes: [1002]) == 1)
    }

    @Test func summaryOverRunAndHold() throws {
        let samples = [(-1.0, 0), (0, 4), (1, 16), (2, 16), (3, 15), (4, 2)].map { time, count in
            RunReport.Sample(time: time, rssBytes: 1, cpuSeconds: 0, processes: 1, activeSessions: 0, connections: count)
        } + [RunReport.Sample(time: 5, rssBytes: 1, cpuSeconds: 0, processes: 1, activeSessions: 0)]
        let summary = try #require(ConnectionCountSummary.compute(remotePort: 9000, samples: samples, holdStart: 1, holdEnd: 3))
        #expect(summary.samples == 6 && summary.min == 0 && summary.max == 16)
        #expect(abs(summary.mean - 53.0 / 6) < 1e-9)
        #expect(summary.holdMin == 15 && summary.holdMax == 16)
        #expect(abs((summary.holdMean ?? 0) - 47.0 / 3) < 1e-9)
        #expect(ConnectionCountSummary.compute(remotePort: 9000, samples: Array(samples.suffix(1)), holdStart: 0, holdEnd: 9) == nil)
    }
}
