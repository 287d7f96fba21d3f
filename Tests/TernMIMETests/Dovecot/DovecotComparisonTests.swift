import Glibc
import NIOCore
import Testing

@testable import TernMIME

/// The oracle test: every corpus message is APPENDed to a real Dovecot (scripts/services/dovecot.sh)
/// and every item of `DovecotFetchItem.all` must match TernMIME's answer byte for byte, except the
/// cases listed in `DovecotDifferences.known` (each with the RFC clause that justifies Tern's answer).
@Suite struct DovecotComparisonTests {
    static let endpoint: String? = getenv("TERN_TEST_DOVECOT").map { String(cString: $0) }
    static let runs = endpoint != nil || getenv("CI") != nil

    @Test(.enabled(if: runs, "set TERN_TEST_DOVECOT (scripts/services/dovecot.sh start DIR) to compare with Dovecot"))
    func corpusMatchesDovecot() throws {
        guard let endpoint = Self.endpoint else {
            Issue.record("CI is set but TERN_TEST_DOVECOT is not: .ci/run must start scripts/services/dovecot.sh")
            return
        }
        let user = getenv("TERN_TEST_DOVECOT_USER").map { String(cString: $0) } ?? "tern"
        let password = getenv("TERN_TEST_DOVECOT_PASSWORD").map { String(cString: $0) } ?? "tern"
        let files = try CorpusFiles.load()
        var client = try IMAPTestClient(endpoint: endpoint)
        try #require(try client.command("LOGIN \(user) \(password)").isOK)
        let mailbox = "TernCorpus"
        _ = try client.command("DELETE \(mailbox)")
        try #require(try client.command("CREATE \(mailbox)").isOK)
        for file in files {
            let appended = try client.append(mailbox: mailbox, message: file.bytes)
            try #require(appended.isOK, "APPEND \(file.name): \(String(decoding: appended.status, as: UTF8.self))")
        }
        try #require(try client.command("SELECT \(mailbox)").isOK)

        var mismatches: [(file: String, item: String, tern: FetchValue, dovecot: FetchValue)] = []
        var compared = 0
        var dovecotInconsistent = 0
        for (index, file) in files.enumerated() {
            let sequence = index + 1
            let structure = MIMEScanner.scan(ByteBuffer(bytes: file.bytes))
            var answers: [String: (tern: FetchValue, dovecot: FetchValue)] = [:]
            let items = DovecotFetchItem.all + DovecotFetchItem.extra(for: structure)
            for item in items {
                let dovecot: FetchValue
                do {
                    let response = try client.command("FETCH \(sequence) (\(item.request))")
                    dovecot = item.dovecotValue(response, sequence: sequence)
                } catch {
                    // Dovecot drops the connection when a FETCH fails after its literal began (e.g.
                    // BINARY of corrupt base64): that is its answer; reconnect for the next item.
                    dovecot = .refused("disconnected")
                    client = try IMAPTestClient(endpoint: endpoint)
                    try #require(try client.command("LOGIN \(user) \(password)").isOK)
                    try #require(try client.command("SELECT \(mailbox)").isOK)
                }
                let tern = item.ternValue(structure: structure, message: file.bytes)
                compared += 1
                answers[item.label] = (tern, dovecot)
            }
            for item in items {
                guard let answer = answers[item.label], answer.tern != answer.dovecot else { continue }
                // Dovecot's BINARY.SIZE sometimes disagrees with the length of its own BINARY[] answer
                // (RFC 3516 section 4.2 requires them equal); then Tern must equal that length.
                if item.label.hasPrefix("BINARY.SIZE["),
                    case .content(let bytes?) = answers["BINARY[" + item.label.dropFirst("BINARY.SIZE[".count)]?.dovecot,
                    answer.tern == .syntax(Array(String(bytes.count).utf8))
                {
                    dovecotInconsistent += 1
                    continue
                }
                mismatches.append((file.name, item.label, answer.tern, answer.dovecot))
            }
        }
        _ = try client.command("LOGOUT")

        let known = DovecotDifferences.known
        let unexplained = mismatches.filter { !DovecotDifferences.covers(file: $0.file, item: $0.item) }
        for mismatch in unexplained.prefix(40) {
            Issue.record(
                "\(mismatch.file) \(mismatch.item)\n  tern:    \(mismatch.tern)\n  dovecot: \(mismatch.dovecot)"
            )
        }
        // TERN_DOVECOT_DIFF_DIR=/some/dir writes each unexplained mismatch in full, for investigation.
        if let directory = getenv("TERN_DOVECOT_DIFF_DIR").map({ String(cString: $0) }) {
            for mismatch in unexplained {
                let base =
                    directory + "/" + mismatch.file + "."
                    + mismatch.item.filter { $0.isLetter || $0.isNumber || $0 == "." }
                Self.write(mismatch.tern.fullDescription, to: base + ".tern")
                Self.write(mismatch.dovecot.fullDescription, to: base + ".dovecot")
            }
        }
        let summary = unexplained.map { "\($0.file) \($0.item)" }.joined(separator: "; ")
        #expect(unexplained.isEmpty, "\(unexplained.count) unexplained differences (first 40 shown above): \(summary)")
        // The table must not go stale: every listed difference still occurs.
        for entry in known where !mismatches.contains(where: { entry.matches(file: $0.file, item: $0.item) }) {
            Issue.record("documented difference no longer occurs: \(entry.file) \(entry.item)")
        }
        print(
            "Dovecot comparison: \(files.count) messages, \(compared) items, \(mismatches.count - unexplained.count) "
                + "documented differences, \(dovecotInconsistent) Dovecot BINARY.SIZE answers contradicting its BINARY[]"
        )
    }

    static func write(_ text: String, to path: String) {
        guard let file = fopen(path, "wb") else { return }
        defer { fclose(file) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    }
}
