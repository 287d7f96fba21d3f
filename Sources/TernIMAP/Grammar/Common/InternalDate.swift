/// `date-time` (RFC 9051 §9) as in APPEND and FETCH INTERNALDATE: `"17-Jul-1996 02:44:25 -0700"`.
public struct InternalDate: Hashable, Sendable, CustomStringConvertible {
    public let date: IMAPDate
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// Offset from UTC in minutes, -5999...5999 (`zone = ("+" / "-") 4DIGIT`, `HHMM`).
    public let zoneMinutes: Int

    /// Returns nil for out-of-range fields (a leap second 60 is accepted).
    public init?(date: IMAPDate, hour: Int, minute: Int, second: Int, zoneMinutes: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
            (-5999...5999).contains(zoneMinutes)
        else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.zoneMinutes = zoneMinutes
    }

    /// The local time in `zoneMinutes` for a UTC instant.
    public init?(secondsSinceEpoch: Int64, zoneMinutes: Int) {
        let (local, overflow) = secondsSinceEpoch.addingReportingOverflow(Int64(zoneMinutes) * 60)
        guard !overflow, (-1_000_000_000_000...1_000_000_000_000).contains(local) else { return nil }
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondsOfDay = Int(local - days * 86400)
        guard let date = IMAPDate(daysSinceEpoch: Int(days)) else { return nil }
        self.init(
            date: date, hour: secondsOfDay / 3600, minute: (secondsOfDay / 60) % 60,
            second: secondsOfDay % 60, zoneMinutes: zoneMinutes)
    }

    /// The UTC instant, in seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64 {
        let localSeconds = Int64(date.daysSinceEpoch) * 86400 + Int64(hour * 3600 + minute * 60 + second)
        return localSeconds - Int64(zoneMinutes) * 60
    }

    /// `dd-Mon-yyyy hh:mm:ss +zzzz` without the quotes; the day is space-padded (`date-day-fixed`).
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = date.day < 10 ? " \(date.day)" : "\(date.day)"
        let sign = zoneMinutes < 0 ? "-" : "+"
        let zone = abs(zoneMinutes)
        let year = String(repeating: "0", count: max(0, 4 - String(date.year).count)) + String(date.year)
        return "\(day)-\(IMAPDate.monthNames[date.month - 1])-\(year) \(two(hour)):\(two(minute)):\(two(second)) "
            + "\(sign)\(two(zone / 60))\(two(zone % 60))"
    }
}
