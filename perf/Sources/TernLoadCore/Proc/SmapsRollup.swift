/// The `Pss:` figure of /proc/PID/smaps_rollup: resident memory with shared pages divided among the
/// processes that map them. Summed over a process tree it counts each page once, which plain RSS does
/// not (every Dovecot imap process maps the same libraries).
public enum SmapsRollup {
    /// PSS in bytes, or nil if the text has no `Pss:` line.
    public static func pssBytes(_ text: String) -> UInt64? {
        for line in text.split(separator: "\n") where line.hasPrefix("Pss:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, fields[2] == "kB", let kilobytes = UInt64(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
