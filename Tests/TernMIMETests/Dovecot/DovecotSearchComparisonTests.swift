import Glibc
import NIOCore
import Testing

@testable import TernMIME

/// Checks the Decoding/ pipeline against Dovecot's SEARCH, which decodes the same way:
/// - BODY: every text part at any depth, transfer-decoded, converted to UTF-8 and folded
///   (`TransferDecoder`, `CharsetDecoder`, `FoldedSubstringMatcher`), must find exactly the messages
///   Dovecot's `SEARCH CHARSET UTF-8 BODY` finds;
/// - SUBJECT: RFC 2047 / RFC 6532 decoding (`EncodedWordDecoder`) + folding, for every message.
/// Needles avoid letters that Dovecot's i;unicode-casemap decomposes (it would find "e" in "é").
@Suite struct DovecotSearchComparisonTests {
    static let bodyNeedles = [
        "привет", "ПРИВЕТ мир", "こんにちは", "你好", "καλημέρα", "ΚΑΛΗΜΈΡΑ", "zażółć", "élève", "hello world",
        "quotes", "안녕하세요", "世界", "grüße", "€", "signed body", "jumps over",
        // which parts BODY covers: text/* and message/* leaves at any depth, no headers, no application/*
        "Reporting-MTA", "manual-action", "PGP MESSAGE", "carol@example.com", "Original:", "Hallo", "BEGIN:VCARD",
        "PDF-1.4", "See the picture", "inner html", "When: Wednesday", "deepest", "lf text", "Bob Example",
        "Content-Type: text/plain", "epilogue", "preamble", "=3D", "digest default",
    ]
    static let subjectNeedles = [
        "grüße", "✓", "привет", "weekly digest", "日本語", "keith", "καλημέ", "你好", "こんにち", "message 1",
        "Re: question", "€",
    ]

    /// Deliberate differences: (search key and needle, message, justification). Mirrored in
    /// docs/internals/mime-dovecot-differences.md; the test fails if one no longer occurs.
    static let knownDifferences: [(query: String, file: String, clause: String)] = [
        ("BODY hello world", "t-base64-garbage.eml", DovecotDifferences.base64Ignore),
        (
            "BODY hello world", "t-cte-05.eml",
            "RFC 2045 6: \"base64; garbage\" is no mechanism token; Tern reads the part as 7bit, as both BODYSTRUCTUREs say"
        ),
        (
            "SUBJECT ✓", "t-encoded-word-torture.eml",
            "RFC 2047 5 forbids splitting a character across encoded-words; broken senders do, so Tern joins adjacent words before charset conversion"
        ),
        (
            "SENTON 13-Feb-1969", "t-date-variant-22.eml",
            "RFC 5322 3.3 / Appendix A.6.3 (this very date): years before 1970 are valid"
        ),
        ("SENTON 5-Mar-1997", "t-date-variant-17.eml", "RFC 5322 4.3: a three-digit obs-year is 1900 + year"),
        ("SENTON 5-Mar-2024", "t-date-variant-06.eml", brokenDate + "full day and month names"),
        ("SENTON 5-Mar-2024", "t-date-variant-07.eml", brokenDate + "asctime order"),
        ("SENTON 5-Mar-2024", "t-date-variant-08.eml", brokenDate + "dashes, 5-Mar-2024"),
        ("SENTON 5-Mar-2024", "t-date-variant-09.eml", brokenDate + "ISO 8601"),
    ]
    static let brokenDate = "not RFC 5322, but common in real mail; Tern parses it (Dovecot ignores the Date): "

    @Test(.enabled(if: DovecotComparisonTests.runs, "set TERN_TEST_DOVECOT to compare with Dovecot"))
    func searchMatchesDovecot() throws {
        guard let endpoint = DovecotComparisonTests.endpoint else {
            Issue.record("CI is set but TERN_TEST_DOVECOT is not: .ci/run must start scripts/services/dovecot.sh")
            return
        }
        let user = getenv("TERN_TEST_DOVECOT_USER").map { String(cString: $0) } ?? "tern"
        let password = getenv("TERN_TEST_DOVECOT_PASSWORD").map { String(cString: $0) } ?? "tern"
        let files = try CorpusFiles.load()
        let client = try IMAPTestClient(endpoint: endpoint)
        try #require(try client.command("LOGIN \(user) \(password)").isOK)
        let mailbox = "TernSearch"
        _ = try client.command("DELETE \(mailbox)")
        try #require(try client.command("CREATE \(mailbox)").isOK)
        for file in files {
            try #require(try client.append(mailbox: mailbox, message: file.bytes).isOK)
        }
        try #require(try client.command("SELECT \(mailbox)").isOK)
        let structures = files.map { MIMEScanner.scan(ByteBuffer(bytes: $0.bytes)) }

        var comparisons = 0
        var differences: [(query: String, file: String, tern: Bool)] = []
        for needle in Self.bodyNeedles {
            let dovecot = try Self.search(client, key: "BODY", needle: needle)
            for (index, file) in files.enumerated() {
                guard let tern = Self.bodyContains(needle, structure: structures[index], message: file.bytes) else {
                    continue
                }
                comparisons += 1
                if tern != dovecot.contains(index + 1) { differences.append(("BODY " + needle, file.name, tern)) }
            }
        }
        for needle in Self.subjectNeedles {
            let dovecot = try Self.search(client, key: "SUBJECT", needle: needle)
            for (index, file) in files.enumerated() {
                let tern = Self.subjectContains(needle, message: file.bytes)
                comparisons += 1
                if tern != dovecot.contains(index + 1) { differences.append(("SUBJECT " + needle, file.name, tern)) }
            }
        }
        // SENTON (RFC 3501: the Date header's date, disregarding time and zone) checks DateParser.
        let dates = files.map { file in
            Self.headerValues(named: "date", in: file.bytes).first.flatMap {
                DateParser.parse(String(decoding: $0.filter { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self))
            }
        }
        let days = Set(dates.compactMap { $0.map { [$0.year, $0.month, $0.day] } })
        for day in days.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let query = "SENTON \(day[2])-\(MessageDate.monthNames[day[1] - 1])-\(day[0])"
            let response = try client.command("SEARCH " + query)
            let dovecot = Self.numbers(in: response)
            for (index, file) in files.enumerated() {
                let tern = dates[index].map { [$0.year, $0.month, $0.day] == day } ?? false
                comparisons += 1
                if tern != dovecot.contains(index + 1) { differences.append((query, file.name, tern)) }
            }
        }
        _ = try client.command("LOGOUT")
        for difference in differences
        where !Self.knownDifferences.contains(where: { $0.query == difference.query && $0.file == difference.file }) {
            Issue.record(
                "SEARCH \(difference.query) in \(difference.file): Tern \(difference.tern), Dovecot \(!difference.tern)"
            )
        }
        for known in Self.knownDifferences
        where !differences.contains(where: { $0.query == known.query && $0.file == known.file }) {
            Issue.record("documented search difference no longer occurs: \(known.query) in \(known.file)")
        }
        print("Dovecot search comparison: \(comparisons) message/needle pairs, \(differences.count) differences")
    }

    static func search(_ client: IMAPTestClient, key: String, needle: String) throws -> Set<Int> {
        let response = try client.command("SEARCH CHARSET UTF-8 \(key)", literal: Array(needle.utf8))
        guard response.isOK else {
            throw IMAPTestClient.Failure(message: "SEARCH failed: \(String(decoding: response.status, as: UTF8.self))")
        }
        return numbers(in: response)
    }

    static func numbers(in response: IMAPTestClient.Response) -> Set<Int> {
        var found: Set<Int> = []
        for line in response.untagged where line.starts(with: Array("* SEARCH".utf8)) {
            for token in line.split(whereSeparator: { $0 == 0x20 || $0 == 0x0D || $0 == 0x0A }) {
                if let number = Int(String(decoding: token, as: UTF8.self)) { found.insert(number) }
            }
        }
        return found
    }

    /// BODY semantics checked against Dovecot: every leaf part whose type is text/* (or missing, so
    /// text/plain) or a message/* that is not parsed as a message (delivery-status, global, partial,
    /// external-body), at any depth including inside message/rfc822, is transfer-decoded, converted
    /// to UTF-8 from its charset and searched; headers (also of embedded messages) and other parts
    /// (application/*, image/*, ...) are not. Returns nil when a
    /// text part has an encoding or charset Tern cannot decode (those messages are left out).
    static func bodyContains(_ needle: String, structure: MessageStructure, message: [UInt8]) -> Bool? {
        var found = false
        var decodable = true
        func visit(_ part: MIMEPart) {
            guard !found, decodable else { return }
            switch part.kind {
            case .multipart, .message:
                part.children.forEach(visit)
            case .leaf:
                let type = part.content.type.map { String(decoding: $0, as: UTF8.self).lowercased() }
                guard part.content.isText || type == "message" else { return }
                switch partContains(needle, part: part, message: message) {
                case .some(true): found = true
                case .some(false): break
                case .none: decodable = false
                }
            }
        }
        visit(structure.root)
        return decodable ? found : nil
    }

    static func partContains(_ needle: String, part: MIMEPart, message: [UInt8]) -> Bool? {
        guard var transfer = TransferDecoder(contentTransferEncoding: part.content.normalizedTransferEncoding) else {
            return nil
        }
        let charset = part.content.parameter("charset").map { String(decoding: $0, as: UTF8.self) } ?? "us-ascii"
        guard var converter = try? CharsetDecoder(charset: charset) else { return nil }
        let body = DovecotFetchItem.bytes(message, part.bodyRange)
        var matcher = FoldedSubstringMatcher(needle: needle)
        // Feed in small chunks so the chunk boundaries of every stage are exercised.
        var decoded = ByteBuffer()
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + 7)
            decoded.clear()
            transfer.feed(ByteBuffer(bytes: body[offset..<end]), into: &decoded)
            matcher.feed(converter.feed(decoded))
            offset = end
        }
        decoded.clear()
        transfer.finish(into: &decoded)
        matcher.feed(converter.feed(decoded))
        matcher.feed(converter.finish())
        return matcher.finish()
    }

    /// Every Subject field of the top-level header, decoded and searched.
    static func subjectContains(_ needle: String, message: [UInt8]) -> Bool {
        for value in headerValues(named: "subject", in: message) {
            var matcher = FoldedSubstringMatcher(needle: needle)
            matcher.feed(Array(EncodedWordDecoder.decode(value).utf8))
            if matcher.finish() { return true }
        }
        return false
    }

    /// Raw values (continuation lines included) of the fields named `name` in the top-level header.
    static func headerValues(named name: String, in message: [UInt8]) -> [[UInt8]] {
        var values: [[UInt8]] = []
        var current: [UInt8]? = nil
        var lineStart = 0
        while lineStart < message.count {
            let lineEnd = message[lineStart...].firstIndex(of: 0x0A) ?? message.count
            var line = Array(message[lineStart..<lineEnd])
            if line.last == 0x0D { line.removeLast() }
            lineStart = lineEnd + 1
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09 {
                current?.append(contentsOf: line)
                continue
            }
            if let finished = current { values.append(finished) }
            current = nil
            if let colon = line.firstIndex(of: UInt8(ascii: ":")),
                String(decoding: line[..<colon], as: UTF8.self).lowercased() == name
            {
                current = Array(line[(colon + 1)...])
            }
        }
        if let finished = current { values.append(finished) }
        return values
    }
}
