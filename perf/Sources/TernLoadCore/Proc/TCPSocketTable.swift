/// Parsing for counting a process tree's TCP connections to one remote port (e.g. the storage
/// connections of an S3-backed server): /proc/PID/fd links name socket inodes, and /proc/PID/net/tcp
/// and tcp6 map inodes to addresses and states. Pure, so it is tested on fixed text.
public enum TCPSocketTable {
    /// One row of /proc/net/tcp or /proc/net/tcp6.
    public struct Entry: Hashable, Sendable {
        public var localPort: UInt16
        public var remotePort: UInt16
        /// Kernel TCP state (`tcp_states.h`): 1 = ESTABLISHED.
        public var state: UInt8
        public var inode: UInt64

        public init(localPort: UInt16, remotePort: UInt16, state: UInt8, inode: UInt64) {
            self.localPort = localPort
            self.remotePort = remotePort
            self.state = state
            self.inode = inode
        }

        public var isEstablished: Bool { state == 1 }
    }

    /// The rows of a tcp or tcp6 table; the header and malformed lines are skipped.
    /// Fields: `sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...`,
    /// addresses as `HEXADDR:HEXPORT` (8 hex digits for IPv4, 32 for IPv6).
    public static func parse(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 10, fields[0].hasSuffix(":"),
                  let local = port(of: fields[1]), let remote = port(of: fields[2]),
                  let state = UInt8(fields[3], radix: 16), let inode = UInt64(fields[9])
            else { continue }
            entries.append(Entry(localPort: local, remotePort: remote, state: state, inode: inode))
        }
        return entries
    }

    /// The inode of a `/proc/PID/fd/N` link target `socket:[12345]`; nil for anything else.
    public static func socketInode(link: String) -> UInt64? {
        guard link.hasPrefix("socket:["), link.hasSuffix("]") else { return nil }
        return UInt64(link.dropFirst("socket:[".count).dropLast())
    }

    /// How many of `inodes` (the tree's sockets) are ESTABLISHED connections to `remotePort`.
    public static func establishedCount(toRemotePort remotePort: UInt16, entries: [Entry], inodes: Set<UInt64>) -> Int {
        var counted: Set<UInt64> = []
        for entry in entries where entry.isEstablished && entry.remotePort == remotePort && inodes.contains(entry.inode) {
            counted.insert(entry.inode)
        }
        return counted.count
    }

    static func port(of address: Substring) -> UInt16? {
        guard let colon = address.lastIndex(of: ":") else { return nil }
        let host = address[..<colon]
        guard host.count == 8 || host.count == 32 else { return nil }
        return UInt16(address[address.index(after: colon)...], radix: 16)
    }
}

/// The connection counts sampled during a run: over the whole run and over the hold window.
public struct ConnectionCountSummary: Codable, Sendable, Hashable {
    public var remotePort: Int
    public var samples: Int
    public var min: Int
    public var max: Int
    public var mean: Double
    /// The same over the hold window (nil without samples there).
    public var holdMin: Int?
    public var holdMax: Int?
    public var holdMean: Double?

    /// nil when no sample carries a count.
    public static func compute(remotePort: Int, samples: [RunReport.Sample], holdStart: Double, holdEnd: Double) -> ConnectionCountSummary? {
        let all = samples.compactMap(\.connections)
        guard let low = all.min(), let high = all.max() else { return nil }
        let hold = samples.filter { $0.time >= holdStart && $0.time <= holdEnd }.compactMap(\.connections)
        return ConnectionCountSummary(
            remotePort: remotePort, samples: all.count, min: low, max: high, mean: Double(all.reduce(0, +)) / Double(all.count),
            holdMin: hold.min(), holdMax: hold.max(),
            holdMean: hold.isEmpty ? nil : Double(hold.reduce(0, +)) / Double(hold.count))
    }
}
