/// A date from a message header (RFC 5322 section 3.3): the local date and time as written plus
/// the UTC offset, so both the wall-clock value and the instant are available.
public struct MessageDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Offset from UTC in minutes (+0130 is 90). Zero when the zone was missing or unknown.
    public var utcOffsetMinutes: Int
    /// False when the header gave no usable zone, "-0000" or an obsolete military zone
    /// (RFC 5322 section 4.3: those mean "no zone information").
    public var zoneKnown: Bool

    public init(
        year: Int,
        month: Int,
        day: Int,
        hour: Int,
        minute: Int,
        second: Int,
        utcOffsetMinutes: Int,
        zoneKnown: Bool = true
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffsetMinutes = utcOffsetMinutes
        self.zoneKnown = zoneKnown
    }

    /// The instant, in seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64 {
        let days = Self.daysSince1970(year: self.year, month: self.month, day: self.day)
        let local = days * 86_400 + Int64(self.hour * 3600 + self.minute * 60 + min(self.second, 59))
        return local - Int64(self.utcOffsetMinutes * 60)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// RFC 5322 form, e.g. "Tue, 5 Mar 2024 09:07:01 +0100".
    public var description: String {
        let days = Self.daysSince1970(year: self.year, month: self.month, day: self.day)
        let weekday = Int(((days % 7) + 7 + 4) % 7)  // 1970-01-01 was a Thursday
        let sign = self.utcOffsetMinutes < 0 || !self.zoneKnown ? "-" : "+"
        let offset = abs(self.utcOffsetMinutes)
        return "\(Self.weekdayNames[weekday]), \(self.day) \(Self.monthNames[self.month - 1]) \(self.year) "
            + "\(Self.twoDigits(self.hour)):\(Self.twoDigits(self.minute)):\(Self.twoDigits(self.second)) "
            + "\(sign)\(Self.twoDigits(offset / 60))\(Self.twoDigits(offset % 60))"
    }

    static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
