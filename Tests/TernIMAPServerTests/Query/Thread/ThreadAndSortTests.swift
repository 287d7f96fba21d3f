import Testing
import TernIMAP
import TernMIME

@testable import TernIMAPServer

/// SORT and THREAD over nine messages; every expected answer is what Dovecot 2.3 gave for the same
/// messages and internal dates (scripts/services/dovecot.sh).
@Suite struct ThreadAndSortTests {
    // (Message-ID, References, In-Reply-To, Subject, Date, From, To, INTERNALDATE)
    static let specs: [(String?, String?, String?, String, String?, String, String, String)] = [
        ("<a@x>", nil, nil, "Lunch", "Mon, 1 Jan 2024 10:00:00 +0000", "alice@example.com", "bob@example.com",
            "17-Jan-2024 10:00:00 +0000"),
        ("<b@x>", "<a@x>", "<a@x>", "Re: Lunch", "Mon, 1 Jan 2024 11:00:00 +0000", "bob@example.com",
            "alice@example.com", "17-Jan-2024 09:00:00 +0000"),
        ("<c@x>", nil, nil, "Other", "Mon, 1 Jan 2024 09:00:00 +0000", "Carol <carol@example.com>",
            "dave@example.com", "17-Jan-2024 11:00:00 +0000"),
        ("<d@x>", "<a@x> <b@x>", "<b@x>", "Re: Lunch", "Mon, 1 Jan 2024 12:00:00 +0000", "alice@example.com",
            "Bob <bob@example.com>", "17-Jan-2024 08:00:00 +0000"),
        ("<e@x>", "<zz@x>", nil, "Fwd: Other", "Mon, 1 Jan 2024 13:00:00 +0000", "erin@example.com",
            "carol@example.com", "17-Jan-2024 12:00:00 +0000"),
        ("<f@x>", nil, "<a@x>", "RE: [list] Lunch", "Mon, 1 Jan 2024 10:30:00 +0000", "frank@example.com",
            "alice@example.com", "17-Jan-2024 13:00:00 +0000"),
        (nil, nil, nil, "Lunch (fwd)", nil, "gina@example.com", "zed@example.com", "02-Jan-2024 00:00:00 +0000"),
        ("<h@x>", "<zz@x>", nil, "Unrelated", "Sun, 31 Dec 2023 23:00:00 +0000", "hank@example.com",
            "amy@example.com", "17-Jan-2024 07:00:00 +0000"),
        ("<i@x>", "<h@x>", nil, "Re: Unrelated", "Sun, 31 Dec 2023 23:30:00 -0500", "ivan@example.com",
            "hank@example.com", "17-Jan-2024 06:00:00 +0000"),
    ]

    static func mailbox() throws -> TestMailbox {
        let stored = specs.enumerated().map { index, spec in
            var header = ""
            if let id = spec.0 { header += "Message-ID: \(id)\r\n" }
            if let references = spec.1 { header += "References: \(references)\r\n" }
            if let inReplyTo = spec.2 { header += "In-Reply-To: \(inReplyTo)\r\n" }
            header += "Subject: \(spec.3)\r\n"
            if let date = spec.4 { header += "Date: \(date)\r\n" }
            header += "From: \(spec.5)\r\nTo: \(spec.6)\r\n\r\n"
            let body = "message \(index + 1)\r\n" + String(repeating: "x", count: index * 7 % 5) + "\r\n"
            return StoredMessage(header + body, internalDate: spec.7)
        }
        return try TestMailbox(stored)
    }

    static func sort(_ criteria: [SortCriterion]) async throws -> [UInt32] {
        let mailbox = try mailbox()
        return try await MessageSorter.sort(
            SortCommand(criteria: criteria, charset: "UTF-8", keys: [.all]), in: mailbox.messages, savedResult: nil,
            context: mailbox.context()
        ).map(\.sequenceNumber)
    }

    @Test func sortMatchesDovecot() async throws {
        #expect(try await Self.sort([SortCriterion(.subject)]) == [1, 2, 4, 6, 7, 3, 5, 8, 9])
        #expect(try await Self.sort([SortCriterion(.date)]) == [8, 9, 3, 1, 6, 2, 4, 5, 7])
        #expect(try await Self.sort([SortCriterion(.arrival, reverse: true)]) == [6, 5, 3, 1, 2, 4, 8, 9, 7])
        #expect(try await Self.sort([SortCriterion(.from)]) == [1, 4, 2, 3, 5, 6, 7, 8, 9])
        #expect(try await Self.sort([SortCriterion(.to), SortCriterion(.size, reverse: true)]) == [2, 6, 8, 4, 1, 5, 3, 9, 7])
        #expect(try await Self.sort([SortCriterion(.size)]) == [7, 1, 3, 8, 5, 9, 6, 2, 4])
        #expect(try await Self.sort([SortCriterion(.cc)]) == Array(1...9))
    }

    static func thread(_ algorithm: ThreadAlgorithm, uid: Bool = false) async throws -> [ThreadList] {
        let mailbox = try mailbox()
        return try await MessageThreader.thread(
            ThreadCommand(isUID: uid, algorithm: algorithm.rawValue, charset: "UTF-8", keys: [.all]),
            algorithm: algorithm, in: mailbox.messages, savedResult: nil, context: mailbox.context())
    }

    static func render(_ threads: [ThreadList]) -> String {
        func one(_ thread: ThreadList) -> String {
            let numbers = thread.messages.map(String.init).joined(separator: " ")
            let nested = thread.children.map(one).joined()
            return "(" + numbers + (numbers.isEmpty || nested.isEmpty ? "" : " ") + nested + ")"
        }
        return threads.map(one).joined()
    }

    @Test func threadReferencesMatchesDovecot() async throws {
        #expect(Self.render(try await Self.thread(.references)) == "((8 9)(5))(3)(1 (6)(2 4)(7))")
        // UIDs of this mailbox are 1, 65, 129, ... (one writer in slot 1).
        #expect(
            Self.render(try await Self.thread(.references, uid: true)) == "((449 513)(257))(129)(1 (321)(65 193)(385))")
    }

    @Test func threadOrderedSubjectMatchesDovecot() async throws {
        #expect(Self.render(try await Self.thread(.orderedSubject)) == "(8 9)(3 5)(1 (6)(2)(4)(7))")
    }

    @Test func referencesSurviveLoopsAndDuplicateIDs() {
        // a refers to b and b to a (a loop); c duplicates a's Message-ID.
        let mailbox = try? TestMailbox([
            StoredMessage("Message-ID: <a@x>\r\nReferences: <b@x>\r\nSubject: s\r\n\r\n"),
            StoredMessage("Message-ID: <b@x>\r\nReferences: <a@x>\r\nSubject: t\r\n\r\n"),
            StoredMessage("Message-ID: <a@x>\r\nSubject: u\r\n\r\n"),
        ])
        guard let mailbox else { return #expect(Bool(false)) }
        let items = mailbox.messages.map { message in
            ThreadKeys(
                message: message, structure: mailbox.source.structure(of: message), references: nil)
        }
        let threads = MessageThreader.thread(items, algorithm: .references, uid: false)
        #expect(threads.flatMap(Self.numbers).sorted() == [1, 2, 3])
    }

    @Test func deepReplyChainsAreFlattenedNotRecursedInto() throws {
        // Each message replies to the previous one and also sits below a missing parent: 3,000 levels.
        var stored: [StoredMessage] = []
        for index in 1...3000 {
            let references = index == 1 ? "<root@x>" : "<m\(index - 1)@x>"
            stored.append(
                StoredMessage(
                    "Message-ID: <m\(index)@x>\r\nReferences: \(references)\r\nSubject: chain\r\n"
                        + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\n"))
        }
        let mailbox = try TestMailbox(stored)
        let items = mailbox.messages.map { message in
            let structure = mailbox.source.structure(of: message)
            let index = message.sequenceNumber
            let references = Array((index == 1 ? "<root@x>" : "<m\(index - 1)@x>").utf8)
            return ThreadKeys(message: message, structure: structure, references: references)
        }
        let threads = MessageThreader.thread(items, algorithm: .references, uid: false)
        #expect(threads.flatMap(Self.numbers).sorted() == Array(1...3000))
        func depth(_ thread: ThreadList) -> Int {
            var deepest = 0
            var stack = [(thread, 1)]
            while let (node, level) = stack.popLast() {
                deepest = max(deepest, level + node.messages.count - 1)
                for child in node.children { stack.append((child, level + node.messages.count)) }
            }
            return deepest
        }
        #expect(threads.count == 1)
        #expect(threads.map(depth).max() ?? 0 <= ReferencesThreader.maxDepth + 2)
    }

    static func numbers(_ thread: ThreadList) -> [UInt32] { thread.messages + thread.children.flatMap(numbers) }

    /// RFC 5256 section 2.1 and the cases its ABNF spells out.
    @Test(arguments: [
        ("Re: lunch", "lunch"), ("RE: Re: re:lunch", "lunch"), ("Fwd: lunch", "lunch"), ("Fw: lunch", "lunch"),
        ("[list] Re: lunch", "lunch"), ("Re[2]: lunch", "lunch"), ("Re: [list] lunch", "lunch"),
        ("lunch (fwd)", "lunch"), ("lunch (FWD) (fwd)  ", "lunch"), ("[Fwd: Re: lunch]", "lunch"),
        ("[fwd: lunch] (fwd)", "lunch"), ("  lunch\t\r\n  time ", "lunch time"), ("[list]", "[list]"),
        ("[a] [b] lunch", "lunch"), ("Re:", ""), ("=?utf-8?q?Re=3A_caf=C3=A9?=", "café"), ("Reunion", "Reunion"),
        ("Fwd lunch", "Fwd lunch"), ("", ""),
    ])
    func baseSubject(_ raw: String, _ expected: String) {
        #expect(BaseSubject.extract(Array(raw.utf8)) == expected)
    }
}

extension MemorySource {
    func structure(of message: QueryMessage) -> MessageStructure {
        structureOf(message.message)
    }
}
