import TernIMAP
import TernMail
import Testing

@testable import TernIMAPServer

@Suite struct MailboxPatternTests {
    @Test(arguments: [
        ("", "*", "INBOX", true),
        ("", "%", "a/b", false),
        ("", "%", "a", true),
        ("", "a/%", "a/b", true),
        ("", "a/%", "a/b/c", false),
        ("", "a/*", "a/b/c", true),
        ("a/", "%", "a/b", true),
        ("a/", "/b", "a/b", true),
        ("a", "/b", "a/b", true),
        ("", "inbox", "INBOX", true),
        ("", "Inbox/x", "INBOX/x", true),
        ("", "inb*", "INBOX", false),
        ("", "S%t", "Sent", true),
        ("", "S%t", "S/t", false),
        ("", "*x*y*", "axbxcy", true),
        ("", "%%%", "abc", true),
    ])
    func matches(reference: String, pattern: String, name: String, expected: Bool) {
        #expect(MailboxPattern(reference: reference, pattern: pattern).matches(name) == expected)
    }

    @Test func longPatternsStayCheap() {
        let pattern = MailboxPattern(reference: "", pattern: String(repeating: "*a", count: 500))
        #expect(!pattern.matches(String(repeating: "a", count: 400)))
    }
}

@Suite struct MailboxListingTests {
    let listing = MailboxListing(
        mailboxes: [
            .init(name: "INBOX"), .init(name: "Sent", specialUse: .sent), .init(name: "a/b/c"), .init(name: "a/x"),
            .init(name: "Trash", specialUse: .trash),
        ],
        subscriptions: ["Sent", "gone", "a/b/c"])

    func render(_ items: [MailboxListing.Item]) -> [String] {
        items.map { item in
            "\(item.attributes.map(\.rawValue).joined(separator: " ")) \(item.name)"
                + (item.childInfoSubscribed ? " CHILDINFO" : "")
        }
    }

    @Test func percentListsLevelsAndMissingParents() {
        let items = listing.list(patterns: [MailboxPattern(reference: "", pattern: "%")], options: .init())
        #expect(
            render(items) == [
                "\\HasNoChildren INBOX", "\\HasNoChildren \\Sent Sent", "\\HasNoChildren \\Trash Trash",
                "\\Noselect \\HasChildren a",
            ])
    }

    @Test func starListsEverythingExisting() {
        let items = listing.list(patterns: [MailboxPattern(reference: "", pattern: "a/*")], options: .init())
        #expect(render(items) == ["\\HasNoChildren a/b/c", "\\HasNoChildren a/x"])
    }

    @Test func subscribedSelectionIncludesMissingNames() {
        var options = MailboxListing.Options()
        options.selectSubscribed = true
        options.extended = true
        let items = listing.list(patterns: [MailboxPattern(reference: "", pattern: "*")], options: options)
        #expect(
            render(items) == [
                "\\Subscribed \\HasNoChildren \\Sent Sent", "\\Subscribed \\HasNoChildren a/b/c",
                "\\NonExistent \\Subscribed \\HasNoChildren gone",
            ])
    }

    @Test func recursiveMatchReportsChildInfo() {
        var options = MailboxListing.Options()
        options.selectSubscribed = true
        options.recursiveMatch = true
        options.extended = true
        let items = listing.list(patterns: [MailboxPattern(reference: "", pattern: "%")], options: options)
        #expect(render(items).contains("\\NonExistent a CHILDINFO"))
    }

    @Test func lsubMarksMissingNamesNoselect() {
        var options = MailboxListing.Options()
        options.lsub = true
        let items = listing.list(patterns: [MailboxPattern(reference: "", pattern: "*")], options: options)
        #expect(render(items) == [" Sent", " a/b/c", "\\Noselect gone"])
    }

    @Test func specialUseSelection() {
        var options = MailboxListing.Options()
        options.selectSpecialUse = true
        options.extended = true
        let items = listing.list(patterns: [MailboxPattern(reference: "", pattern: "*")], options: options)
        #expect(items.map(\.name) == ["Sent", "Trash"])
    }
}
