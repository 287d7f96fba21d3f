import TernLMTP
import Testing

@Suite struct RecipientLookupTests {
    @Test(arguments: [
        (
            "alice", "Example.TLD", Character?("+"),
            RecipientLookup(localPart: "alice", domain: "example.tld", detail: nil)
        ),
        (
            "alice+lists", "example.tld", "+",
            RecipientLookup(localPart: "alice", domain: "example.tld", detail: "lists")
        ),
        ("alice+a+b", "example.tld", "+", RecipientLookup(localPart: "alice", domain: "example.tld", detail: "a+b")),
        ("alice+", "example.tld", "+", RecipientLookup(localPart: "alice", domain: "example.tld", detail: "")),
        ("+alice", "example.tld", "+", RecipientLookup(localPart: "+alice", domain: "example.tld", detail: nil)),
        (
            "alice+lists", "example.tld", nil,
            RecipientLookup(localPart: "alice+lists", domain: "example.tld", detail: nil)
        ),
        ("Alice-x", "EXAMPLE.tld", "-", RecipientLookup(localPart: "Alice", domain: "example.tld", detail: "x")),
        ("postmaster", "", "+", RecipientLookup(localPart: "postmaster", domain: "", detail: nil)),
    ])
    func lookups(local: String, domain: String, separator: Character?, expected: RecipientLookup) {
        #expect(LMTPAddress(localPart: local, domain: domain).lookup(subaddressSeparator: separator) == expected)
    }
}
