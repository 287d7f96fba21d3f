import Glibc

/// The time zone the server shows INTERNALDATE in and evaluates SEARCH BEFORE/ON/SINCE in
/// (RFC 3501 6.4.4: those keys compare dates "disregarding time and timezone" of the internal date,
/// which servers read in their own zone).
public struct ServerTimeZone: Sendable, Hashable {
    private enum Rule: Sendable, Hashable {
        case fixed(minutes: Int)
        case system
    }

    private let rule: Rule

    private init(_ rule: Rule) { self.rule = rule }

    public static let utc = ServerTimeZone(.fixed(minutes: 0))
    /// The process's local zone (TZ / /etc/localtime) with its daylight-saving rules, as Dovecot uses.
    public static let system = ServerTimeZone(.system)

    /// A fixed offset east of UTC, clamped to what INTERNALDATE can carry (±99:59).
    public static func fixed(minutesEast: Int) -> ServerTimeZone {
        ServerTimeZone(.fixed(minutes: min(5999, max(-5999, minutesEast))))
    }

    /// Offset from UTC in minutes at the instant `seconds` (since 1970, UTC).
    public func offsetMinutes(atSecondsSinceEpoch seconds: Int64) -> Int {
        switch rule {
        case .fixed(let minutes):
            return minutes
        case .system:
            var time = time_t(seconds)
            var parts = tm()
            guard localtime_r(&time, &parts) != nil else { return 0 }
            return min(5999, max(-5999, Int(parts.tm_gmtoff) / 60))
        }
    }

    /// Days since 1970-01-01 of the local date at `seconds`.
    func localDay(atSecondsSinceEpoch seconds: Int64) -> Int {
        let local = seconds + Int64(offsetMinutes(atSecondsSinceEpoch: seconds)) * 60
        return Int(local >= 0 ? local / 86400 : (local - 86399) / 86400)
    }
}
