import Testing
import TernIMAP

@testable import TernIMAPServer

/// INTERNALDATE is shown, and SEARCH BEFORE/ON/SINCE compare dates, in the server's zone.
@Suite struct ServerTimeZoneTests {
    static let lateEvening = StoredMessage("Subject: z\r\n\r\n", internalDate: "01-Jan-2024 23:30:00 +0000")

    @Test func internalDateAndDateKeysFollowTheZone() async throws {
        let mailbox = try TestMailbox([Self.lateEvening])
        for (zone, shown, day) in [
            // TernIMAP writes date-day-fixed as SP DIGIT (Dovecot uses the 2DIGIT form, "02-Jan").
            (ServerTimeZone.fixed(minutesEast: 120), "\" 2-Jan-2024 01:30:00 +0200\"", 2),
            (ServerTimeZone.fixed(minutesEast: -300), "\" 1-Jan-2024 18:30:00 -0500\"", 1),
            (ServerTimeZone.utc, "\" 1-Jan-2024 23:30:00 +0000\"", 1),
        ] {
            var context = mailbox.context()
            context.timeZone = zone
            let outbound = RecordingOutbound()
            try await FetchResponder.fetch(
                FetchRequest(attributes: [.internalDate], isUID: false), messages: mailbox.messages, seenJustSet: [],
                options: .rfc3501, context: context, outbound: outbound)
            #expect(await outbound.text == "* 1 FETCH (INTERNALDATE \(shown))\r\n")
            let on = try await SearchEvaluator.search(
                [.on(IMAPDate(year: 2024, month: 1, day: day)!)], charset: nil, in: mailbox.messages, savedResult: nil,
                context: context)
            #expect(on.sequenceNumbers == [1], "ON \(day)-Jan in \(zone)")
            let since = try await SearchEvaluator.search(
                [.since(IMAPDate(year: 2024, month: 1, day: day + 1)!)], charset: nil, in: mailbox.messages,
                savedResult: nil, context: context)
            #expect(since.sequenceNumbers.isEmpty)
        }
    }

    @Test func systemZoneGivesAnOffsetWithinRange() {
        let offset = ServerTimeZone.system.offsetMinutes(atSecondsSinceEpoch: 1_700_000_000)
        #expect((-5999...5999).contains(offset))
        #expect(ServerTimeZone.fixed(minutesEast: 100_000).offsetMinutes(atSecondsSinceEpoch: 0) == 5999)
    }
}
