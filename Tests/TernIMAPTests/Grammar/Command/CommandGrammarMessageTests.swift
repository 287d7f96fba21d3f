import Testing
import TernIMAP

/// Typed expectations for FETCH, STORE, SEARCH, SORT and THREAD.
@Suite("Command grammar: message commands")
struct CommandGrammarMessageTests {
    static func set(_ ranges: SequenceRange...) -> SequenceSet { .ranges(ranges) }
    static func date(_ year: Int, _ month: Int, _ day: Int) -> IMAPDate { IMAPDate(year: year, month: month, day: day)! }

    static let cases: [(String, Command)] = [
        ("a FETCH 1 ALL", .fetch(FetchCommand(set: set(SequenceRange(1)), items: .all))),
        (
            "a UID FETCH 1:* (UID BODY.PEEK[1.2.HEADER.FIELDS (From \"To\")]<5.10>) (CHANGEDSINCE 9 VANISHED)",
            .fetch(
                FetchCommand(
                    isUID: true, set: .all,
                    items: .list([
                        .uid,
                        .bodySection(
                            SectionSpecifier(part: [1, 2], kind: .headerFields(["From", "To"])),
                            partial: Partial(origin: 5, length: 10), peek: true),
                    ]), modifiers: [.changedSince(ModSeq(9)), .vanished]))
        ),
        (
            "a FETCH *:4 binary.peek[1]",
            .fetch(
                FetchCommand(
                    set: set(SequenceRange(.last, .number(4))), items: .single(.binary(part: [1], partial: nil, peek: true))))
        ),
        ("a FETCH 1 BINARY.SIZE[]", .fetch(FetchCommand(set: set(SequenceRange(1)), items: .single(.binarySize(part: []))))),
        (
            "a FETCH 1 BODY[2.MIME]",
            .fetch(
                FetchCommand(
                    set: set(SequenceRange(1)),
                    items: .single(.bodySection(SectionSpecifier(part: [2], kind: .mime), partial: nil, peek: false))))
        ),
        (
            "a STORE 1,2 (UNCHANGEDSINCE 5) -FLAGS.SILENT \\Seen",
            .store(
                StoreCommand(
                    set: set(SequenceRange(1), SequenceRange(2)), unchangedSince: ModSeq(5), operation: .remove, silent: true,
                    flags: [.seen], parenthesized: false))
        ),
        (
            "a UID STORE 4 FLAGS (foo \\DRAFT)",
            .store(StoreCommand(isUID: true, set: set(SequenceRange(4)), operation: .replace, flags: [Flag("foo"), .draft]))
        ),
        (
            "a SEARCH RETURN (COUNT) CHARSET utf-8 OR NOT SEEN (FROM x TO \"y\") HEADER X-A \"\" 1:3",
            .search(
                SearchCommand(
                    returnOptions: [.count], charset: "utf-8",
                    keys: [
                        .or(.not(.seen), .and([.from("x"), .to("y")])), .header(field: "X-A", value: ""),
                        .sequenceSet(set(SequenceRange(1, 3))),
                    ]))
        ),
        (
            "a SEARCH SINCE \"1-Feb-1994\" BEFORE 01-mar-1994 LARGER 5 UID $",
            .search(
                SearchCommand(keys: [
                    .since(date(1994, 2, 1)), .before(date(1994, 3, 1)), .larger(5), .uid(.lastSearchResult),
                ]))
        ),
        (
            "a SEARCH MODSEQ \"/flags/\\\\Seen\" shared 7",
            .search(SearchCommand(keys: [.modSeq(ModSeq(7), entry: SearchModSeqEntry(flag: .seen, type: .shared))]))
        ),
        (
            "a UID SORT (REVERSE DATE) UTF-8 ALL",
            .sort(SortCommand(isUID: true, criteria: [SortCriterion(.date, reverse: true)], charset: "UTF-8", keys: [.all]))
        ),
        (
            "a THREAD references UTF-8 ALL",
            .thread(ThreadCommand(algorithm: "REFERENCES", charset: "UTF-8", keys: [.all]))
        ),
    ]

    @Test("parses to the expected value", arguments: cases)
    func parses(_ line: String, _ expected: Command) {
        #expect(parseOne(line) == expected)
    }

    static let malformed: [String] = [
        "a FETCH 1",
        "a FETCH 1 ()",
        "a FETCH 1 BODY[",
        "a FETCH 1 BODY[MIME]",
        "a FETCH 1 BODY[0]",
        "a FETCH 1 BODY[1.]",
        "a FETCH 1 BODY[]<5>",
        "a FETCH 1 BODY[]<5.0>",
        "a FETCH 1 BODY[HEADER.FIELDS ()]",
        "a FETCH 1 (FLAGS) (FOO)",
        "a FETCH 1 BINARY[TEXT]",
        "a FETCH 1 BODY.PEEK",
        "a STORE 1 FLAGS",
        "a STORE 1 +FLAGZ (\\Seen)",
        "a STORE 1 FLAGS (\\*)",
        "a SEARCH",
        "a SEARCH FROB",
        "a SEARCH SINCE 30-Feb-2020",
        "a SEARCH SINCE 1-Foo-2020",
        "a SEARCH OR SEEN",
        "a SEARCH NOT",
        "a SEARCH (SEEN",
        "a SEARCH ()",
        "a SEARCH RETURN (FOO) ALL",
        "a SEARCH LARGER x",
        "a SEARCH MODSEQ \"/x/y\" all 5",
        "a SORT () UTF-8 ALL",
        "a SORT (DATE) UTF-8",
        "a FETCH 4294967296 FLAGS",
    ]

    @Test("malformed commands are rejected with the tag", arguments: malformed)
    func rejects(_ line: String) {
        let outputs = parseCommands(line + "\r\n")
        #expect(parseErrors(outputs).map(\.tag) == [Tag("a")], "\(outputs)")
    }
}
