import TernIMAP
import Testing

@testable import TernIMAPServer

/// LIST (SUBSCRIBED RECURSIVEMATCH) CHILDINFO (RFC 5258 §3.5) and LSUB's `\Noselect` levels
/// (RFC 3501 §6.3.9), with the data of Dovecot's imaptest `listext` and `subscribe` scripts
/// (issue 13 point 7).
@Suite struct MailboxListingChildInfoTests {
    // test2 exists, its child is subscribed; test7 does not exist; test8's child test8/test9 is
    // subscribed and test8/test8 too; eps exists and is subscribed with a subscribed child.
    let listing = MailboxListing(
        mailboxes: [
            .init(name: "INBOX"), .init(name: "box/test1"), .init(name: "box/test2"), .init(name: "box/test2/test1"),
            .init(name: "box/test7/test7"), .init(name: "box/test8/test8"), .init(name: "box/test8/test9"),
            .init(name: "box/eps"), .init(name: "box/eps/mamba"), .init(name: "box/test3"),
            .init(name: "box/test3/test3"),
        ],
        subscriptions: [
            "box/test1", "box/test2/test1", "box/test7/test7", "box/test8/test8", "box/test8/test9", "box/eps",
            "box/eps/mamba", "box/test3/test3",
        ])

    func recursive(_ patterns: [String]) -> [String] {
        var options = MailboxListing.Options()
        options.selectSubscribed = true
        options.recursiveMatch = true
        options.extended = true
        return render(listing.list(patterns: patterns.map { MailboxPattern(reference: "", pattern: $0) }, options: options))
    }

    func render(_ items: [MailboxListing.Item]) -> [String] {
        items.map { item in
            "(\(item.attributes.map(\.rawValue).joined(separator: " "))) \(item.name)"
                + (item.childInfoSubscribed ? " CHILDINFO" : "")
        }
    }

    @Test func rfc5258_3_5_unsubscribedParentGetsChildInfo() {
        #expect(recursive(["box/test2%"]) == ["(\\HasChildren) box/test2 CHILDINFO"])
        #expect(recursive(["box/test2"]) == ["(\\HasChildren) box/test2 CHILDINFO"])
    }

    /// RFC 5258 §5 example 9 (`eps2`): a subscribed name with a subscribed child outside the pattern
    /// is `\Subscribed` and carries CHILDINFO too.
    @Test func rfc5258_3_5_subscribedParentGetsChildInfoToo() {
        #expect(recursive(["box/eps"]) == ["(\\Subscribed \\HasChildren) box/eps CHILDINFO"])
        #expect(recursive(["box/eps*"]) == ["(\\Subscribed \\HasChildren) box/eps", "(\\Subscribed \\HasNoChildren) box/eps/mamba"])
    }

    @Test func rfc5258_3_5_noChildInfoWhenAnotherPatternMatchesTheChild() {
        #expect(recursive(["box/test2", "box/test2/test1"]) == ["(\\Subscribed \\HasNoChildren) box/test2/test1"])
        #expect(recursive(["*test7"]) == ["(\\Subscribed \\HasNoChildren) box/test7/test7"])
        #expect(
            recursive(["*test8"]) == [
                "(\\NonExistent) box/test8 CHILDINFO", "(\\Subscribed \\HasNoChildren) box/test8/test8",
            ])
    }

    /// RFC 3501 §6.3.9: `LSUB "" box/%` shows an unsubscribed level above a subscribed name as
    /// `\Noselect`, whether a mailbox of that name exists (test3, test2) or not (test7, test8).
    @Test func rfc3501_6_3_9_lsubShowsUnsubscribedParentsNoselect() {
        var options = MailboxListing.Options()
        options.lsub = true
        let items = listing.list(patterns: [MailboxPattern(reference: "", pattern: "box/%")], options: options)
        #expect(
            render(items) == [
                "() box/eps", "() box/test1", "(\\Noselect) box/test2", "(\\Noselect) box/test3",
                "(\\Noselect) box/test7", "(\\Noselect) box/test8",
            ])
    }
}

/// Patterns may now be as long as a 64 KiB command line: runs of wildcards collapse, so matching
/// stays bounded by the name's length.
@Suite struct MailboxPatternWildcardRunTests {
    @Test(arguments: [
        ("%%", "a", true), ("%%", "a/b", false), ("%*", "a/b", true), ("*%", "a/b", true),
        ("a%%/%*c", "ab/xc", true), ("a%%/%*c", "ab/x/yc", true), ("a%%%", "a/b", false),
    ])
    func runsMeanWhatTheyMeant(pattern: String, name: String, expected: Bool) {
        #expect(MailboxPattern(reference: "", pattern: pattern).matches(name) == expected)
    }

    @Test func a64KiBPatternOfWildcardsIsCheap() {
        let pattern = MailboxPattern(reference: "", pattern: String(repeating: "%*", count: 30_000) + "x")
        let names = (0..<500).map { "folder\($0)/sub\($0)x" }
        #expect(names.allSatisfy { pattern.matches($0) })
    }
}
