import Testing
import TernIMAP

/// Grammar details of issue 13: NIL is no flag keyword, every list-char may appear in a LIST pattern,
/// a 30-pair RFC 2971 ID fits the default limits, and patterns decode leniently.
@Suite("Command grammar: flags, patterns and ID limits")
struct FlagAndPatternGrammarTests {
    /// RFC 9051 §9: `flag-keyword` is an atom but `nil` is its own token; Dovecot answers BAD.
    @Test(arguments: ["a STORE 1 +FLAGS (NIL)", "a STORE 1 FLAGS nil", "a UID STORE 1 -FLAGS.SILENT ($x Nil)", "a APPEND INBOX (NIL) {1+}\r\nx"])
    func nilIsNoFlagKeyword(_ line: String) {
        let failures = parseErrors(parseCommands(line + "\r\n"))
        #expect(failures.count == 1)
        #expect(failures.first?.tag == Tag("a"))
    }

    @Test func keywordsThatMerelyStartWithNilAreFine() {
        #expect(
            parseOne("a STORE 1 +FLAGS (NILS $Nil)")
                == .store(
                    StoreCommand(
                        set: .ranges([SequenceRange(1)]), operation: .add, flags: [Flag("NILS"), Flag("$Nil")])))
    }

    /// RFC 3501 §9 `list-char` = ATOM-CHAR / list-wildcards / resp-specials: all of them parse.
    @Test func listPatternWithEveryAtomSpecialParses() {
        let pattern = "!#$&'+,-.0123456789:;<=>?@^_`|[}%*"
        #expect(
            parseOne("a LIST \"\" \(pattern)")
                == .list(ListCommand(reference: MailboxName([]), patterns: .single(ByteString(pattern)))))
    }

    /// RFC 2971 §3.3: up to 30 pairs, values up to 1,024 bytes, on one line under the default limits.
    @Test func thirtyLongIDPairsFitTheDefaultLimits() {
        let value = String(repeating: "v", count: 1_024)
        let pairs = (1...30).map { "\"f\($0)\(String(repeating: "k", count: 1_000))\" \"\(value)\"" }
        guard case .id(let parameters)? = parseOne("a ID (\(pairs.joined(separator: " ")))") else {
            Issue.record("ID did not parse")
            return
        }
        #expect(parameters?.count == 30)
    }

    @Test func patternsDecodeLeniently() {
        #expect(ModifiedUTF7.decodeLeniently(Array("&'+,-*".utf8)) == "&'+,-*")
        #expect(ModifiedUTF7.decodeLeniently(Array("Entw&APw-rfe/%".utf8)) == "Entwürfe/%")
        #expect(ModifiedUTF7.decodeLeniently(Array("a&-b&Jjo".utf8)) == "a&b&Jjo")
        #expect(ModifiedUTF7.decodeLeniently([0x61, 0xFF]) == "a\u{FFFD}")
    }
}
