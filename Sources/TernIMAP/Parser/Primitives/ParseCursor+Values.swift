/// Common IMAP values built from the primitive tokens: sequence sets, flags, dates.
extension ParseCursor {
    /// `sequence-set` with `*` and `$` (RFC 9051 §9, RFC 5182), at most `limits.maxSequenceRanges` ranges.
    public mutating func sequenceSet() throws(ParserError) -> SequenceSet {
        if consume(UInt8(ascii: "$")) { return .lastSearchResult }
        var ranges: [SequenceRange] = []
        repeat {
            guard ranges.count < limits.maxSequenceRanges else {
                throw error(.tooManyItems, "more than \(limits.maxSequenceRanges) ranges in a sequence set")
            }
            let lower = try sequenceBound()
            if consume(UInt8(ascii: ":")) {
                ranges.append(SequenceRange(lower, try sequenceBound()))
            } else {
                ranges.append(SequenceRange(lower))
            }
        } while consume(UInt8(ascii: ","))
        return .ranges(ranges)
    }

    /// `seq-number = nz-number / "*"`
    public mutating func sequenceBound() throws(ParserError) -> SequenceBound {
        if consume(UInt8(ascii: "*")) { return .last }
        return .number(try nzNumber())
    }

    /// `uid-set`: nz-number ranges without `*` (COPYUID / APPENDUID / VANISHED).
    public mutating func uidSet() throws(ParserError) -> UIDSet {
        var ranges: [ClosedRange<UID>] = []
        repeat {
            guard ranges.count < limits.maxSequenceRanges else {
                throw error(.tooManyItems, "more than \(limits.maxSequenceRanges) ranges in a UID set")
            }
            let first = UID(try nzNumber())
            if consume(UInt8(ascii: ":")) {
                let second = UID(try nzNumber())
                ranges.append(min(first, second)...max(first, second))
            } else {
                ranges.append(first...first)
            }
        } while consume(UInt8(ascii: ","))
        return UIDSet(ranges)
    }

    /// `flag`: `\System`, `\Extension`, or a keyword atom; `\*` only when `allowWildcard` (flag-perm).
    /// `NIL` is refused: RFC 9051 §9 makes `nil` a distinct token, a client sending it means "no
    /// flag" rather than a keyword, and storing it would show clients `FLAGS (NIL)`, which parsers
    /// read as no flags at all (Dovecot answers BAD too).
    public mutating func flag(allowWildcard: Bool = false) throws(ParserError) -> Flag {
        if consume(UInt8(ascii: "\\")) {
            if consume(UInt8(ascii: "*")) {
                guard allowWildcard else { throw error(.malformed, "\\* is not a flag that can be set") }
                return .wildcard
            }
            return Flag("\\" + (try atom()))
        }
        let keyword = try atomBytes()
        guard keyword.count != 3 || keyword.map({ $0 & 0xDF }) != Array("NIL".utf8) else {
            throw error(.malformed, "NIL is not a flag keyword")
        }
        return Flag(String(decoding: keyword, as: UTF8.self))
    }

    /// `flag-list = "(" [flag *(SP flag)] ")"`
    public mutating func flagList(allowWildcard: Bool = false) throws(ParserError) -> [Flag] {
        try parenthesizedList(allowEmpty: true, "flag list") { (cursor: inout ParseCursor) throws(ParserError) in
            try cursor.flag(allowWildcard: allowWildcard)
        }
    }

    /// `date = date-text / DQUOTE date-text DQUOTE` with `date-text = date-day "-" date-month "-" date-year`.
    public mutating func date() throws(ParserError) -> IMAPDate {
        let quotedForm = consume(UInt8(ascii: "\""))
        let day = try digits(1...2, "a day of month")
        let date = try monthAndYear(day: day)
        if quotedForm { try expect(UInt8(ascii: "\""), "\" closing the date") }
        return date
    }

    /// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE`.
    public mutating func dateTime() throws(ParserError) -> InternalDate {
        try expect(UInt8(ascii: "\""), "a quoted date-time")
        _ = consume(UInt8(ascii: " "))
        let day = try digits(1...2, "a day of month")
        let date = try monthAndYear(day: day)
        try expectSpace()
        let hour = try digits(2...2, "hours")
        try expect(UInt8(ascii: ":"), ": in the time")
        let minute = try digits(2...2, "minutes")
        try expect(UInt8(ascii: ":"), ": in the time")
        let second = try digits(2...2, "seconds")
        try expectSpace()
        let negative: Bool
        if consume(UInt8(ascii: "-")) {
            negative = true
        } else {
            try expect(UInt8(ascii: "+"), "+ or - starting the zone")
            negative = false
        }
        let zone = try digits(4...4, "a four-digit zone")
        try expect(UInt8(ascii: "\""), "\" closing the date-time")
        let zoneMinutes = (zone / 100) * 60 + zone % 100
        guard zone % 100 < 60,
            let value = InternalDate(
                date: date, hour: hour, minute: minute, second: second,
                zoneMinutes: negative ? -zoneMinutes : zoneMinutes)
        else { throw error(.malformed, "invalid date-time") }
        return value
    }

    private mutating func monthAndYear(day: Int) throws(ParserError) -> IMAPDate {
        try expect(UInt8(ascii: "-"), "- after the day")
        let monthBytes = read(while: { IMAPCharacterClass.isAtomByte($0) && $0 != UInt8(ascii: "-") })
        guard let month = IMAPDate.month(named: monthBytes) else { throw expected("a month name like Jan") }
        try expect(UInt8(ascii: "-"), "- after the month")
        let year = try digits(4...4, "a four-digit year")
        guard let date = IMAPDate(year: year, month: month, day: day) else {
            throw error(.malformed, "no such date")
        }
        return date
    }

    private mutating func digits(_ count: ClosedRange<Int>, _ what: String) throws(ParserError) -> Int {
        var value = 0
        var seen = 0
        while seen < count.upperBound, let byte = peek(), IMAPCharacterClass.isDigit(byte) {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            seen += 1
            advance()
        }
        guard seen >= count.lowerBound else { throw expected(what) }
        return value
    }
}
