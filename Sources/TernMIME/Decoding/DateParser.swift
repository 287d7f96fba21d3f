/// Parses RFC 5322 date-time values and the broken forms real mail carries.
///
/// Accepted beyond the strict grammar: missing or full day names, day and month in either order
/// ("Jan 5"), "5-Jan-2024", two- and three-digit years (RFC 5322 section 4.3), time with "." or
/// missing seconds, asctime order (time before year), obsolete and common zone names (GMT, UTC,
/// EST, PDT, ...), "+01:00", "GMT+0100", comments anywhere, and ISO 8601 ("2024-01-05T10:00:00Z").
/// A missing zone gives offset 0 with `zoneKnown == false`. Returns nil when no valid date is found.
public enum DateParser {
    /// Longer values are not dates; the cap keeps parsing cost constant.
    public static let maxLength = 256

    public static func parse(_ value: String) -> MessageDate? {
        guard value.utf8.count <= maxLength else { return nil }
        let tokens = tokenize(value)
        if let iso = parseISO(tokens) { return iso }
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        var zone: (minutes: Int, known: Bool)?
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(token) {
                if day == nil, token.count <= 2, month == nil || year == nil {
                    day = number
                } else if year == nil, token.count >= 2 {
                    year = expandYear(number, digits: token.count)
                } else if day == nil {
                    day = number
                } else {
                    return nil
                }
            } else if token.first?.isNumber == true, token.contains(":") || token.contains(".") {
                guard time == nil, let parsed = parseTime(token) else { return nil }
                time = parsed
            } else if month == nil, let found = monthNumber(token) {
                month = found
            } else if weekdayNames.contains(String(token.prefix(3)).lowercased()), token.allSatisfy(\.isLetter) {
                continue
            } else if zone == nil, let parsed = parseZone(token) {
                zone = parsed
            } else if zone != nil, token.first == "+" || token.first == "-", let parsed = parseZone(token) {
                // "GMT+0100": the numeric offset refines the name.
                zone = parsed
            } else {
                continue  // stray words ("at", "o'clock"): ignored
            }
        }
        guard let day, let month, let year, let time else { return nil }
        return validated(
            year: year,
            month: month,
            day: day,
            time: time,
            zone: zone ?? (0, false)
        )
    }

    static let weekdayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Splits on whitespace and commas, drops (nested) comments, splits "5-Jan-2024" into parts.
    static func tokenize(_ value: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var depth = 0
        func push() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in value {
            if character == "(" {
                push()
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth > 0 {
                continue
            } else if character.isWhitespace || character == "," {
                push()
            } else if character == "-", !current.isEmpty,
                current.last?.isLetter == true
                    || (current.allSatisfy(\.isNumber) && current.count <= 2)
            {
                // "5-Jan-2024" / "Jan-2024"; a leading "-" (zone) or "2024-01-05" stays intact.
                push()
            } else if character == "+" || character == "-", current.first?.isLetter == true {
                push()  // "GMT+0100" -> "GMT", "+0100"
                current.append(character)
            } else {
                current.append(character)
            }
        }
        push()
        return tokens
    }

    static func expandYear(_ year: Int, digits: Int) -> Int {
        switch digits {
        case 2: year < 50 ? 2000 + year : 1900 + year
        case 3: 1900 + year
        default: year
        }
    }

    static func monthNumber(_ token: String) -> Int? {
        guard token.count >= 3, token.allSatisfy(\.isLetter) else { return nil }
        let prefix = token.prefix(3).lowercased()
        return monthNames.firstIndex(of: prefix).map { $0 + 1 }
    }

    static func parseTime(_ token: String) -> (Int, Int, Int)? {
        let parts = token.split(separator: token.contains(":") ? ":" : ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var values: [Int] = []
        for part in parts {
            // "09:07:01.123": fractional seconds are dropped.
            let digits = part.prefix(while: \.isNumber)
            guard !digits.isEmpty, digits.count <= 2, let value = Int(digits) else { return nil }
            values.append(value)
        }
        return (values[0], values[1], values.count == 3 ? values[2] : 0)
    }

    static func parseZone(_ token: String) -> (minutes: Int, known: Bool)? {
        if let sign = token.first, sign == "+" || sign == "-" {
            let digits = token.dropFirst().filter { $0 != ":" }
            guard digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
            let minutes: Int
            switch digits.count {
            case 4: minutes = value / 100 * 60 + value % 100
            case 1, 2: minutes = value * 60
            default: return nil
            }
            guard value % 100 < 60 || digits.count <= 2, minutes < 24 * 60 else { return nil }
            if token == "-0000" { return (0, false) }
            return (sign == "-" ? -minutes : minutes, true)
        }
        switch token.uppercased() {
        case "UT", "GMT", "UTC", "Z", "WET": return (0, true)
        case "EST": return (-5 * 60, true)
        case "EDT": return (-4 * 60, true)
        case "CST": return (-6 * 60, true)
        case "CDT": return (-5 * 60, true)
        case "MST": return (-7 * 60, true)
        case "MDT": return (-6 * 60, true)
        case "PST": return (-8 * 60, true)
        case "PDT": return (-7 * 60, true)
        case "CET", "MET": return (60, true)
        case "CEST", "MEST": return (120, true)
        case "JST": return (9 * 60, true)
        default:
            // Obsolete military zones: RFC 5322 section 4.3 says to treat them as "-0000".
            if token.count == 1, token.first?.isLetter == true { return (0, false) }
            return nil
        }
    }

    static func parseISO(_ tokens: [String]) -> MessageDate? {
        guard let first = tokens.first, first.count >= 10 else { return nil }
        let chars = Array(first)
        guard chars[4] == "-", chars[7] == "-", let year = Int(String(chars[0..<4])),
            let month = Int(String(chars[5..<7])), let day = Int(String(chars[8..<10]))
        else { return nil }
        var rest = String(chars[10...])
        var remaining = Array(tokens.dropFirst())
        if rest.hasPrefix("T") || rest.hasPrefix("t") { rest.removeFirst() }
        if rest.isEmpty, !remaining.isEmpty { rest = remaining.removeFirst() }
        var zone: (minutes: Int, known: Bool) = (0, false)
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            rest.removeLast()
            zone = (0, true)
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }),
            let parsed = parseZone(String(rest[signIndex...]))
        {
            zone = parsed
            rest = String(rest[..<signIndex])
        }
        if let token = remaining.first, let parsed = parseZone(token) { zone = parsed }
        guard let time = parseTime(rest) else { return nil }
        return validated(year: year, month: month, day: day, time: time, zone: zone)
    }

    static func validated(
        year: Int,
        month: Int,
        day: Int,
        time: (Int, Int, Int),
        zone: (minutes: Int, known: Bool)
    ) -> MessageDate? {
        guard (1...12).contains(month), (1...31).contains(day), (0...9999).contains(year),
            (0...23).contains(time.0), (0...59).contains(time.1), (0...60).contains(time.2)
        else { return nil }
        return MessageDate(
            year: year,
            month: month,
            day: day,
            hour: time.0,
            minute: time.1,
            second: time.2,
            utcOffsetMinutes: zone.minutes,
            zoneKnown: zone.known
        )
    }
}
