import Testing
import TernIMAP

@Suite("Modified UTF-7 mailbox names")
struct ModifiedUTF7Tests {
    static let pairs: [(String, String)] = [
        ("INBOX", "INBOX"),
        ("&", "&-"),
        ("Tom & Jerry", "Tom &- Jerry"),
        ("~peter/mail/日本語/台北", "~peter/mail/&ZeVnLIqe-/&U,BTFw-"),
        ("Entwürfe", "Entw&APw-rfe"),
        ("€", "&IKw-"),
        ("😀", "&2D3eAA-"),
        ("a😀b𝄞c", "a&2D3eAA-b&2DTdHg-c"),
        ("\u{7F}\u{1}", "&AH8AAQ-"),
        ("Ünïcödé", "&ANw-n&AO8-c&APY-d&AOk-"),
        ("", ""),
    ]

    @Test("encode and decode both ways, exactly", arguments: pairs)
    func roundTrip(_ display: String, _ wire: String) throws {
        #expect(ModifiedUTF7.encode(display) == Array(wire.utf8))
        #expect(try ModifiedUTF7.decode(Array(wire.utf8)) == display)
        #expect(MailboxName(encoding: display).bytes == Array(wire.utf8))
        #expect(MailboxName(Array(wire.utf8)).displayName(utf8Accepted: false) == display)
    }

    static let invalid: [String] = [
        "&",  // unterminated
        "&ZeVnLIqe",  // unterminated run
        "&AGE-",  // encodes printable ASCII "a"
        "&U,BTFw-&ZeVnLIqe-",  // adjacent runs must be merged
        "&ZeVnLIq-",  // leftover bits
        "&AOl-",  // non-zero padding bits
        "&2D0-",  // lone high surrogate
        "&3gA-",  // lone low surrogate
        "&Ze!-",  // not base64
        "&Ze/-",  // "/" instead of ","
        "caf\u{E9}",  // 8-bit byte
        "a\tb",  // control character
    ]

    @Test("invalid sequences are rejected", arguments: invalid)
    func rejects(_ wire: String) {
        #expect(throws: ModifiedUTF7.DecodingError.self) { try ModifiedUTF7.decode(Array(wire.utf8)) }
    }

    @Test("random strings round-trip (seeded)")
    func randomRoundTrips() throws {
        var generator = CommandTestRandom(seed: 0x5EED_0007)
        let pool: [Unicode.Scalar] = ["a", "&", "-", " ", "/", "~", "\u{7F}", "\u{E9}", "\u{65E5}", "\u{1F600}", "\u{10FFFF}", ","]
        for _ in 0..<2000 {
            let count = Int.random(in: 0...12, using: &generator)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<count { scalars.append(pool.randomElement(using: &generator)!) }
            let string = String(scalars)
            let wire = ModifiedUTF7.encode(string)
            #expect(try ModifiedUTF7.decode(wire) == string, "seed 0x5EED0007, string \(string.debugDescription)")
        }
    }

    @Test("INBOX is case-insensitive; other names compare by bytes")
    func inboxEquality() {
        #expect(MailboxName(Array("inBox".utf8)) == .inbox)
        #expect(MailboxName(Array("inBox".utf8)).hashValue == MailboxName.inbox.hashValue)
        #expect(MailboxName(Array("Inbox/x".utf8)) != MailboxName(Array("INBOX/x".utf8)))
        #expect(MailboxName(Array("a".utf8), form: .quoted) == MailboxName(Array("a".utf8), form: .atom))
    }

    @Test("UTF-8 names when UTF8=ACCEPT")
    func utf8Names() {
        let name = MailboxName(utf8: "日本語")
        #expect(name.bytes == Array("日本語".utf8))
        #expect(name.displayName(utf8Accepted: true) == "日本語")
        #expect(name.displayName(utf8Accepted: false) == nil)
        #expect(MailboxName([0xFF]).displayName(utf8Accepted: true) == nil)
    }
}

/// SplitMix64: a small deterministic generator for seeded tests.
struct CommandTestRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
