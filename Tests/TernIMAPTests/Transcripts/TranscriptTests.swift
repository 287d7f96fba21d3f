import NIOCore
import Testing

@testable import TernIMAP

/// Every example of RFC 3501 and RFC 9051: server lines through the response parser and encoder, client
/// lines through the command parser and encoder, both byte for byte.
@Suite("RFC 3501 / 9051 example transcripts")
struct TranscriptTests {
    /// Client lines whose keywords the command encoder writes in uppercase (it keeps tags, strings, mailbox
    /// names and flags as sent, but not the case of command names and FETCH/STORE/SEARCH keywords).
    static let keywordCaseNormalised: Set<String> = [
        "a001 login mrc secret", "a002 select inbox", "a003 fetch 12 full", "a004 fetch 12 body[header]",
        "a005 store 12 +flags \\deleted", "a006 logout", "a000 starttls",
        "l create \"///////\"", "k1 select \"/archive/projects/experiment-iv\" [...]",
        "e login \"fred\" \"foo\"", "i select \"/archive/projects/experiment-iv\"", "d login \"fred\" \"foo\"",
        "h search from maria@example.com", "g delete \"/archive/projects/experiment-iv\"",
        "f select \"/archive/projects/experiment-iv\"", "n1 uid copy 1:* oldmail", "n2 uid copy 1:* oldmail",
        "d select inbox", "j select \"/archive/projects/experiment-iv\"", "F284 STORE $ +FLAGS.Silent (\\Deleted)",
    ]

    /// Valid `x-command`s of the examples that Tern does not implement: the command parser answers them with
    /// BAD (unknown command), as a server must, so they cannot be re-encoded.
    static let unimplementedExperimentalCommands: Set<String> = ["A442 XPIG-LATIN"]

    @Test(arguments: RFCTranscripts.all)
    func serverLinesRoundTripByteForByte(transcript: RFCTranscript) throws {
        var run: [RFCTranscript.Line] = []
        for line in transcript.lines {
            switch line.kind {
            case .server:
                run.append(line)
            case .malformedServer:
                try checkServerRun(run, in: transcript)
                run = []
                try checkMalformedServerLine(line, in: transcript)
            case .client, .clientContinuation, .malformedClient:
                continue
            }
        }
        try checkServerRun(run, in: transcript)
    }

    private func checkServerRun(_ run: [RFCTranscript.Line], in transcript: RFCTranscript) throws {
        guard let first = run.first else { return }
        let wire = Array(run.map { $0.text + "\r\n" }.joined().utf8)
        let responses: [Response]
        do {
            responses = try ResponseTestSupport.parseWhole(wire)
        } catch {
            Issue.record("\(transcript) from line \(first.number): \(error)")
            return
        }
        #expect(try ResponseTestSupport.parseByteAtATime(wire) == responses, "\(transcript): byte-at-a-time differs")
        let encoded = try ResponseTestSupport.encode(responses)
        if encoded != wire {
            let got = String(decoding: encoded, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            let want = String(decoding: wire, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            let index = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
            let wanted = index < want.count ? String(want[index]) : "<end>"
            let written = index < got.count ? String(got[index]) : "<end>"
            Issue.record(
                """
                \(transcript): re-encoding differs at server line \(index + 1) of the run from fixture line \(first.number)
                want: \(wanted)
                got:  \(written)
                """)
        }
    }

    /// A line the RFC got wrong must not come back unchanged: the parser rejects it, or (for the lenient
    /// acceptance of a bare "+") re-encodes it in the grammar's form.
    private func checkMalformedServerLine(_ line: RFCTranscript.Line, in transcript: RFCTranscript) throws {
        let wire = Array((line.text + "\r\n").utf8)
        guard let responses = try? ResponseTestSupport.parseWhole(wire) else { return }
        #expect(
            try ResponseTestSupport.encode(responses) != wire,
            "\(transcript) line \(line.number) is listed as malformed but round-trips: \(line.text)")
    }

    @Test(arguments: RFCTranscripts.all)
    func clientLinesRoundTripByteForByte(transcript: RFCTranscript) throws {
        let whole = try clientRoundTrip(transcript, byteAtATime: false)
        let single = try clientRoundTrip(transcript, byteAtATime: true)
        #expect(whole == single, "\(transcript): feeding the client lines byte at a time re-encodes differently")
    }

    /// Feeds the client lines (whole lines, or one byte at a time) and returns what the encoder wrote.
    private func clientRoundTrip(_ transcript: RFCTranscript, byteAtATime: Bool) throws -> String {
        var parser = CommandParser(limits: .default, literalPolicy: .literalPlus)
        var encoder = CommandStreamEncoder()
        var output = EncodeBuffer(role: .client)
        var original: [UInt8] = []
        for line in transcript.lines {
            switch line.kind {
            case .client, .clientContinuation:
                if line.kind == .clientContinuation {
                    if line.text == "DONE" { parser.expectIdleDone() } else { parser.expectAuthenticationResponse() }
                }
                let bytes = Array((line.text + "\r\n").utf8)
                original += bytes
                var results: [CommandParser.Output] = []
                let pieces = byteAtATime ? bytes.map({ [$0] }) : [bytes]
                for piece in pieces {
                    var input = ByteBuffer(bytes: piece)
                    while let result = parser.next(&input) { results.append(result) }
                }
                for result in results {
                    switch result {
                    case .part(let part):
                        encoder.write(part, into: &output)
                    case .continuationRequired:
                        continue
                    case .error(let failure):
                        if Self.unimplementedExperimentalCommands.contains(line.text) {
                            #expect(failure.error.code == .unknownCommand, "\(transcript): \(failure)")
                            original.removeLast(bytes.count)
                        } else {
                            Issue.record("\(transcript) line \(line.number) rejected: \(failure) — \(line.text)")
                        }
                    }
                }
            case .malformedClient:
                var fresh = CommandParser(limits: .default, literalPolicy: .literalPlus)
                var input = ByteBuffer(string: line.text + "\r\n")
                var completed = false
                while let result = fresh.next(&input) {
                    if case .part(.tagged) = result { completed = true }
                }
                #expect(!completed, "\(transcript) line \(line.number) is listed as malformed but parses: \(line.text)")
            case .server, .malformedServer:
                continue
            }
        }
        #expect(parser.bufferedByteCount == 0, "\(transcript): client bytes left in the parser")
        let encoded = String(decoding: output.take().bytes.readableBytesView, as: UTF8.self)
        let want = String(decoding: original, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let got = encoded.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(got.count == want.count, "\(transcript): \(got.count) client lines re-encoded, \(want.count) sent")
        for (wanted, written) in zip(want, got) where wanted != written {
            let caseOnly = wanted.lowercased() == written.lowercased()
            #expect(
                caseOnly && Self.keywordCaseNormalised.contains(String(wanted)),
                "\(transcript): client line re-encoded differently\nwant: \(wanted)\ngot:  \(written)")
        }
        return encoded
    }

    /// Guards the fixture format itself: every non-comment line has a known prefix, and the corpus is whole.
    @Test func everyFixtureLineIsClassified() {
        var server = 0
        var client = 0
        var malformed = 0
        for transcript in RFCTranscripts.all {
            let contentLines = transcript.text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(transcript.lines.count == contentLines.count, "\(transcript): unclassified fixture lines")
            for line in transcript.lines {
                switch line.kind {
                case .server: server += 1
                case .client, .clientContinuation: client += 1
                case .malformedClient, .malformedServer: malformed += 1
                }
            }
        }
        #expect(RFCTranscripts.all.count == 93)
        #expect(server == 689 && client == 307 && malformed == 29, "server \(server), client \(client), malformed \(malformed)")
    }
}
