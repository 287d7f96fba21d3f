import Testing
import TernIMAP

@testable import TernIMAPServer

@Suite struct FlagListCacheTests {
    /// Every message's list from the cache is the list computed for it alone, whether it was a hit or
    /// a miss, also with more distinct flag sets than the cache holds.
    @Test func cachedListsEqualComputedOnes() throws {
        var stored: [StoredMessage] = []
        let sets: [[String]] = [
            [], ["\\Seen"], ["\\seen"], ["\\Seen", "\\Answered"], ["\\Answered", "\\Seen"], ["$Label1"],
            ["\\Flagged", "$Label1"], ["\\Draft", "\\Deleted"],
        ]
        for round in 0..<3 {
            for set in sets { stored.append(StoredMessage("Subject: x\r\n\r\n", flags: set)) }
            for index in 0..<(FlagListCache.capacity + 4) {
                let flags = ["k\(index)", "\\Seen"] + (round == 1 ? ["z"] : [])
                stored.append(StoredMessage("Subject: y\r\n\r\n", flags: flags))
            }
        }
        let recent = Set(stride(from: 1, through: stored.count, by: 3))
        let mailbox = try TestMailbox(stored, recent: recent)
        var cache = FlagListCache()
        for message in mailbox.messages + mailbox.messages.reversed() {
            #expect(cache.flags(of: message) == FetchPlanner.flags(of: message), "message \(message.sequenceNumber)")
        }
    }

    @Test func recentIsPartOfTheKey() throws {
        let mailbox = try TestMailbox(
            [
                StoredMessage("Subject: a\r\n\r\n", flags: ["\\Seen"]),
                StoredMessage("Subject: b\r\n\r\n", flags: ["\\Seen"]),
            ],
            recent: [2])
        var cache = FlagListCache()
        #expect(cache.flags(of: mailbox.messages[0]) == [Flag("\\Seen")])
        #expect(cache.flags(of: mailbox.messages[1]) == [Flag("\\Seen"), .recent])
    }
}
