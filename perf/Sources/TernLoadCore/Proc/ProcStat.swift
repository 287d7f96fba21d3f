/// The fields of /proc/PID/stat the sampler needs. Parsing is pure so it can be tested on fixed text.
public struct ProcStat: Hashable, Sendable {
    public var pid: Int32
    public var parent: Int32
    /// utime + stime + cutime + cstime in clock ticks: reaped children (a multi-process server's ended
    /// sessions) stay counted in their parent, so the tree's sum never goes backwards.
    public var cpuTicks: UInt64
    /// Resident set size in pages.
    public var residentPages: UInt64

    public init(pid: Int32, parent: Int32, cpuTicks: UInt64, residentPages: UInt64) {
        self.pid = pid
        self.parent = parent
        self.cpuTicks = cpuTicks
        self.residentPages = residentPages
    }

    /// Parses one stat line. The command name (field 2) sits in parentheses and may itself contain
    /// spaces and parentheses, so fields are counted from the last `)`.
    public static func parse(_ line: String) -> ProcStat? {
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")"), open < close,
              let pid = Int32(line[..<open].trimmingCharacters(in: " "))
        else { return nil }
        // After ")": field 3 (state) is index 0, so field N is index N - 3.
        let fields = line[line.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 21,
              let parent = Int32(fields[1]),
              let utime = UInt64(fields[11]), let stime = UInt64(fields[12]),
              let childUser = UInt64(fields[13]), let childSystem = UInt64(fields[14]),
              let rss = Int64(fields[21])
        else { return nil }
        return ProcStat(pid: pid, parent: parent, cpuTicks: utime + stime + childUser + childSystem, residentPages: UInt64(max(0, rss)))
    }
}

/// The process tree rooted at one pid (multi-process servers like Dovecot fork a process per user).
public enum ProcessTree {
    /// `root` and all its descendants among `processes`.
    public static func members(root: Int32, processes: [ProcStat]) -> [ProcStat] {
        var children: [Int32: [ProcStat]] = [:]
        var byPid: [Int32: ProcStat] = [:]
        for process in processes {
            children[process.parent, default: []].append(process)
            byPid[process.pid] = process
        }
        guard let top = byPid[root] else { return [] }
        var result: [ProcStat] = []
        var stack = [top]
        var seen: Set<Int32> = []
        while let process = stack.popLast() {
            guard seen.insert(process.pid).inserted else { continue }
            result.append(process)
            stack.append(contentsOf: children[process.pid] ?? [])
        }
        return result
    }
}

extension StringProtocol {
    func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }
}
