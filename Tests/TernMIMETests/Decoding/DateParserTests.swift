import Testing

@testable import TernMIME

@Suite struct DateParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var fields: [Int]  // year, month, day, hour, minute, second, offset minutes
        var zoneKnown = true
        var testDescription: String { input }
    }

    static let cases: [Case] = [
        Case(input: "Tue, 5 Mar 2024 09:07:01 +0100", fields: [2024, 3, 5, 9, 7, 1, 60]),
        Case(input: "5 Mar 2024 09:07:01 -0530", fields: [2024, 3, 5, 9, 7, 1, -330]),
        Case(input: "Tue, 05 Mar 2024 09:07 +0000", fields: [2024, 3, 5, 9, 7, 0, 0]),
        Case(input: "Tuesday, 5 March 2024 09:07:01 GMT", fields: [2024, 3, 5, 9, 7, 1, 0]),
        Case(input: "Tue, 5 Mar 24 09:07:01 EST", fields: [2024, 3, 5, 9, 7, 1, -300]),
        Case(input: "Fri, 21 Nov 97 09:55:06 -0600", fields: [1997, 11, 21, 9, 55, 6, -360]),
        Case(input: "Fri, 21 Nov 097 09:55:06 PDT", fields: [1997, 11, 21, 9, 55, 6, -420]),
        Case(input: "Thu, 13 Feb 1969 23:32:54 -0330 (Newfoundland Time)", fields: [1969, 2, 13, 23, 32, 54, -210]),
        Case(
            input: "Thu,\r\n 13\r\n   Feb\r\n  1969\r\n 23:32\r\n  -0330 (Newfoundland Time)",
            fields: [1969, 2, 13, 23, 32, 0, -210]
        ),
        Case(input: "Mon Jan  5 10:00:00 2024", fields: [2024, 1, 5, 10, 0, 0, 0], zoneKnown: false),
        Case(input: "Mon, 5-Jan-2024 10:00:00 +0200", fields: [2024, 1, 5, 10, 0, 0, 120]),
        Case(input: "Mon, 5 Jan 2024 10.00.00 +0200", fields: [2024, 1, 5, 10, 0, 0, 120]),
        Case(input: "Mon, 5 Jan 2024 10:00:00 GMT+0200", fields: [2024, 1, 5, 10, 0, 0, 120]),
        Case(input: "Mon, 5 Jan 2024 10:00:00 +02:00", fields: [2024, 1, 5, 10, 0, 0, 120]),
        Case(input: "Mon, 5 Jan 2024 10:00:00 -0000", fields: [2024, 1, 5, 10, 0, 0, 0], zoneKnown: false),
        Case(input: "Mon, 5 Jan 2024 10:00:00 Z", fields: [2024, 1, 5, 10, 0, 0, 0]),
        Case(input: "Mon, 5 Jan 2024 10:00:00 Q", fields: [2024, 1, 5, 10, 0, 0, 0], zoneKnown: false),
        Case(input: "Mon, 5 Jan 2024 10:00:00", fields: [2024, 1, 5, 10, 0, 0, 0], zoneKnown: false),
        Case(input: "Mon, Jan 5, 2024 10:00:00 AM +0000", fields: [2024, 1, 5, 10, 0, 0, 0]),
        Case(input: "2024-01-05T10:00:00Z", fields: [2024, 1, 5, 10, 0, 0, 0]),
        Case(input: "2024-01-05 10:00:00 +0100", fields: [2024, 1, 5, 10, 0, 0, 60]),
        Case(input: "Mon, 5 Jan 2024 10:00:60 +0000", fields: [2024, 1, 5, 10, 0, 60, 0]),
    ]

    @Test(arguments: cases)
    func parses(_ testCase: Case) throws {
        let date = try #require(DateParser.parse(testCase.input))
        #expect(
            [date.year, date.month, date.day, date.hour, date.minute, date.second, date.utcOffsetMinutes]
                == testCase.fields
        )
        #expect(date.zoneKnown == testCase.zoneKnown)
    }

    @Test(arguments: [
        "", "garbage", "Mon, 32 Jan 2024 10:00:00 +0000", "Mon, 5 Foo 2024 10:00:00 +0000",
        "Mon, 5 Jan 2024 25:00:00 +0000", "Mon, 5 Jan 2024", "5 Jan 2024 10:61 +0000",
        String(repeating: "1 Jan 2024 10:00 ", count: 40),
    ])
    func rejects(_ input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    @Test func instantAndDescription() throws {
        let date = try #require(DateParser.parse("Thu, 1 Jan 1970 01:00:00 +0100"))
        #expect(date.secondsSince1970 == 0)
        let other = try #require(DateParser.parse("Sat, 29 Feb 2020 23:59:59 -0800"))
        #expect(other.secondsSince1970 == 1_583_049_599)
        #expect(other.description == "Sat, 29 Feb 2020 23:59:59 -0800")
    }
}
