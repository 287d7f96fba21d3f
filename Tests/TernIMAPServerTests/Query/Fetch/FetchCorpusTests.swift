import Glibc
import NIOCore
import Testing
import TernIMAP
import TernMIME

@testable import TernIMAPServer

/// Every message of the MIME corpus (Tests/TernMIMETests/Corpus, whose structures and sections are
/// compared with Dovecot by TernMIMETests) fetched through `FetchResponder` with tiny storage chunks,
/// parsed back with TernIMAP's `ResponseParser`, and compared with the sections cut directly from
/// the message bytes.
@Suite struct FetchCorpusTests {
    static func corpusNames() throws -> [String] {
        let probe = CorpusFile.path("rw-attach-simple.eml")
        let directory = String(probe.dropLast("rw-attach-simple.eml".count))
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".eml") { names.append(name) }
        }
        return names.sorted()
    }

    static func expected(
        _ spec: SectionSpec, partial: FetchPartial?, structure: MessageStructure, bytes: [UInt8]
    ) -> [UInt8] {
        func slice(_ range: ByteRange) -> [UInt8] {
            Array(bytes[min(range.offset, bytes.count)..<min(range.end, bytes.count)])
        }
        let content: [UInt8]
        switch SectionResolver.resolve(spec, in: structure) {
        case .ranges(let ranges): content = IMAPLiteralNormalizer.normalize(ranges.flatMap(slice))
        case .filteredHeader(let range, let filter, _):
            content = IMAPLiteralNormalizer.normalize(
                HeaderFieldFilter.filter(slice(range), names: filter.names, exclude: filter.exclude))
        case .missing: content = []
        }
        guard let partial else { return content }
        return Array(content[partial.window(ofSize: content.count)])
    }

    @Test func everyCorpusMessageRoundTrips() async throws {
        let names = try Self.corpusNames()
        #expect(names.count > 100)
        let sections: [(SectionSpecifier, Partial?)] = [
            (.complete, nil), (.header, nil), (.text, nil), (SectionSpecifier(part: [1]), nil),
            (SectionSpecifier(part: [1], kind: .mime), nil), (SectionSpecifier(part: [2]), nil),
            (SectionSpecifier(part: [1, 1]), nil), (SectionSpecifier(part: [2], kind: .header), nil),
            (.text, Partial(origin: 3, length: 40)), (SectionSpecifier(kind: .headerFields(["From", "subject"])), nil),
            (SectionSpecifier(kind: .headerFieldsNot(["Received", "Content-Type"])), Partial(origin: 10, length: 1000)),
        ]
        // TernIMAP's ResponseParser reads every message/* body as encapsulated (envelope and body
        // follow), while message/global is written as a basic part, as Dovecot does: not parseable here.
        for name in names where name != "rw-message-global.eml" {
            let bytes = try CorpusFile.load(name)
            let mailbox = try TestMailbox([StoredMessage(bytes: bytes)], chunkSize: 997)
            let structure = mailbox.source.structureOf(mailbox.messages[0].message)
            var attributes: [FetchAttribute] = [.bodyStructure, .envelope, .body, .rfc822Size]
            attributes += sections.map { FetchAttribute.bodySection($0.0, partial: $0.1, peek: true) }
            if case .unknownEncoding = BinarySection.resolve(part: [1], in: structure) {
                // Covered by FetchResponderTests: the whole FETCH is refused with UNKNOWN-CTE.
            } else {
                attributes += [.binary(part: [1], partial: nil, peek: true), .binarySize(part: [1])]
            }
            let outbound = RecordingOutbound()
            try await FetchResponder.fetch(
                FetchRequest(attributes: attributes, isUID: false), messages: mailbox.messages, seenJustSet: [],
                options: .rfc3501, context: mailbox.context(), outbound: outbound)
            var parser = ResponseParser()
            let written = await outbound.bytes
            let responses: [Response]
            do {
                responses = try parser.parse(ByteBuffer(bytes: written))
            } catch {
                Issue.record("\(name): \(error) in \(String(decoding: written.prefix(400), as: UTF8.self))")
                continue
            }
            guard responses.count == 1, case .untagged(.fetch(_, let items)) = responses[0] else {
                Issue.record("\(name): expected one FETCH response, got \(responses.count)")
                continue
            }
            var checked = 0
            for item in items {
                switch item {
                case .bodySection(let section, _, let data):
                    // The response names the section, not the partial: any request with that name may match.
                    let matching = sections.filter { FetchRequest.responseSection($0.0) == section }
                    let candidates = matching.map {
                        Self.expected(
                            FetchPlanner.sectionSpec($0.0), partial: FetchPlanner.fetchPartial($0.1), structure: structure,
                            bytes: bytes)
                    }
                    #expect(candidates.contains(data?.bytes ?? []), "\(name) BODY[\(section)]")
                    checked += 1
                case .binary(_, _, let data):
                    guard case .decode(let range, let encoding, _) = BinarySection.resolve(part: [1], in: structure) else {
                        #expect(data?.bytes ?? [] == [], "\(name) BINARY[1] of a missing part")
                        checked += 1
                        continue
                    }
                    let raw = Array(bytes[min(range.offset, bytes.count)..<min(range.end, bytes.count)])
                    var decoder = encoding.makeDecoder()
                    let decoded =
                        encoding == .identity ? IMAPLiteralNormalizer.normalize(raw, replacesNUL: false) : decoder.transformAll(raw)
                    #expect(data?.bytes ?? [] == decoded, "\(name) BINARY[1]")
                    checked += 1
                case .binarySize(_, let size):
                    guard case .decode(let range, let encoding, _) = BinarySection.resolve(part: [1], in: structure) else {
                        #expect(size == 0, "\(name) BINARY.SIZE[1] of a missing part")
                        checked += 1
                        continue
                    }
                    let raw = Array(bytes[min(range.offset, bytes.count)..<min(range.end, bytes.count)])
                    var decoder = encoding.makeDecoder()
                    let decoded =
                        encoding == .identity ? IMAPLiteralNormalizer.normalize(raw, replacesNUL: false) : decoder.transformAll(raw)
                    #expect(Int(size) == decoded.count, "\(name) BINARY.SIZE[1]")
                    checked += 1
                case .rfc822Size(let size):
                    #expect(Int(size) == bytes.count)
                    checked += 1
                default:
                    checked += 1
                }
            }
            #expect(checked == attributes.count, "\(name): \(checked) of \(attributes.count) items checked")
        }
    }
}
