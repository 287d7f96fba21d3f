import Glibc
import NIOCore
import Testing
import TernIMAP
import TernMIME

@testable import TernIMAPServer

/// SORT, THREAD and SEARCH over the 220-message MIME corpus against Dovecot 2.3's answers for the same
/// mailbox, captured in Fixtures/dovecot-corpus-answers.txt (messages appended in name order, CRLF
/// normalized as Tern's APPEND does, INTERNALDATE 1-Jan-2024 + (index * 37 mod 256) hours, UTC).
@Suite struct DovecotCorpusAnswerTests {
    /// Commands whose answers differ only in these messages (removed from both before comparing), and why.
    static let knownDifferences: [(command: String, messages: Set<UInt32>, reason: String)] = {
        // t-date-variant-06..09 (147-150: day/month names, asctime, dashes, ISO 8601), -16/-17 (157/158:
        // obs-year 97 / 097, RFC 5322 4.3), -22 (163: 1969, RFC 5322 A.6.3): TernMIME's DateParser reads
        // these Date fields, Dovecot ignores them (TernMIMETests documents the same differences).
        let dates: Set<UInt32> = [147, 148, 149, 150, 157, 158, 163]
        let dateReason = "Date fields TernMIME parses and Dovecot does not (see DovecotSearchComparisonTests)"
        // For the instant (SORT DATE, THREAD order) also the zones TernMIME reads and Dovecot takes as
        // UTC: -02 "05 Mar 24 ... GMT", -11 "GMT+0100", -12 "+01:00", -15 military "Q".
        let instants = dates.union([143, 152, 153, 156])
        // Dovecot reads a missing or unparsable Date as 1-Jan-1970, so SENTBEFORE matches those messages;
        // Tern never matches SENT* without a sent date (RFC 3501 6.4.4 is silent; README.md).
        let undated: Set<UInt32> = [
            96, 139, 159, 160, 161, 168, 169, 170, 171, 174, 176, 178, 179, 180, 182, 183, 184, 185, 186, 187, 193, 195,
        ]
        let subjects: Set<UInt32> = [21, 22, 23, 24, 27, 29, 172, 175]
        return [
            ("SORT (DATE) UTF-8 ALL", instants, dateReason), ("SORT (REVERSE DATE) UTF-8 ALL", instants, dateReason),
            ("THREAD REFERENCES UTF-8 ALL", instants, dateReason),
            ("THREAD ORDEREDSUBJECT UTF-8 ALL", instants, dateReason),
            ("SEARCH SENTSINCE 1-Mar-2024", dates, dateReason),
            ("SEARCH SENTBEFORE 1-Jan-2024", dates.union(undated), dateReason + "; no sent date never matches"),
            // t-duplicate-subject: Tern sorts by the Subject its ENVELOPE shows (the last field, as
            // Dovecot's ENVELOPE does); Dovecot's SORT takes the first. RFC 5322 allows one Subject.
            // Non-ASCII base subjects (the rw-charset-* CJK and "smart quote" subjects, the encoded-word
            // torture): RFC 5256 3 compares with i;ascii-casemap (octets beyond ASCII as they are), Dovecot
            // with i;unicode-casemap (titlecase + decomposition, so Hangul sorts as its Jamo).
            ("SORT (SUBJECT) UTF-8 ALL", subjects, "two Subject fields; i;ascii-casemap"),
            ("SORT (SUBJECT REVERSE ARRIVAL) UTF-8 ALL", subjects, "two Subject fields; i;ascii-casemap"),
            // t-cr-only: stored with CRLF line ends (Tern's APPEND normalizes bare CR too), so its size differs.
            ("SORT (SIZE) UTF-8 ALL", [131], "bare CR line ends"),
            // t-base64-garbage: DovecotDifferences.base64Ignore in TernMIMETests.
            ("SEARCH TEXT hello", [87], "base64 with garbage is decoded, Dovecot gives up"),
        ]
    }()

    /// The answer's numbers in order (THREAD: in thread order, parentheses dropped), minus `excluded`.
    static func numbers(_ answer: String, without excluded: Set<UInt32>) -> [UInt32] {
        answer.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" }).compactMap { UInt32($0) }
            .filter { !excluded.contains($0) }
    }

    static func fixture() throws -> [(command: String, answer: String)] {
        let corpus = CorpusFile.path("x")
        let path = String(corpus.dropLast("TernMIMETests/Corpus/x".count))
            + "TernIMAPServerTests/Query/Fixtures/dovecot-corpus-answers.txt"
        guard let handle = fopen(path, "rb") else { throw QueryError(.storage, "cannot open \(path)") }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
            return (String(line[..<tab]), String(line[line.index(after: tab)...]))
        }
    }

    static func mailbox() throws -> TestMailbox {
        let names = try FetchCorpusTests.corpusNames()
        let stored = try names.enumerated().map { index, name in
            let hours = (index * 37) % 256
            let date = "\(1 + hours / 24)-Jan-2024 \(hours % 24):00:00 +0000"
            return StoredMessage(bytes: CRLFNormalizer.normalized(try CorpusFile.load(name)), internalDate: date)
        }
        return try TestMailbox(stored)
    }

    @Test func answersMatchDovecot() async throws {
        let fixture = try Self.fixture()
        #expect(fixture.count >= 20)
        let mailbox = try Self.mailbox()
        let context = mailbox.context()
        for (command, answer) in fixture {
            var parser = CommandParser()
            var input = ByteBuffer(string: "t " + command + "\r\n")
            guard case .part(.tagged(let tagged))? = parser.next(&input) else {
                Issue.record("cannot parse \(command)")
                continue
            }
            let ours: String
            switch tagged.command {
            case .search(let search):
                let result = try await SearchEvaluator.search(
                    search.keys, charset: search.charset, in: mailbox.messages, savedResult: nil, context: context)
                ours = (["SEARCH"] + result.sequenceNumbers.map(String.init)).joined(separator: " ")
            case .sort(let sort):
                let sorted = try await MessageSorter.sort(sort, in: mailbox.messages, savedResult: nil, context: context)
                ours = (["SORT"] + sorted.map { String($0.sequenceNumber) }).joined(separator: " ")
            case .thread(let thread):
                guard let algorithm = ThreadAlgorithm(rawValue: thread.algorithm) else { continue }
                let threads = try await MessageThreader.thread(
                    thread, algorithm: algorithm, in: mailbox.messages, savedResult: nil, context: context)
                ours = "THREAD " + ThreadAndSortTests.render(threads)
            default:
                Issue.record("unexpected command \(command)")
                continue
            }
            let allowed = Self.knownDifferences.first { $0.command == command }?.messages ?? []
            let tern = Self.numbers(ours, without: allowed)
            let dovecot = Self.numbers(answer, without: allowed)
            if tern != dovecot {
                let onlyTern = Set(tern).subtracting(dovecot).sorted()
                let onlyDovecot = Set(dovecot).subtracting(tern).sorted()
                let first = (0..<min(tern.count, dovecot.count)).first { tern[$0] != dovecot[$0] } ?? 0
                let ternOrder = Array(tern.dropFirst(first).prefix(8))
                let dovecotOrder = Array(dovecot.dropFirst(first).prefix(8))
                Issue.record(
                    "\(command): only Tern \(onlyTern), only Dovecot \(onlyDovecot), order differs at \(first): Tern \(ternOrder) / Dovecot \(dovecotOrder)")
            } else if !allowed.isEmpty && ours == answer {
                Issue.record("\(command): documented difference no longer occurs")
            }
        }
    }
}
