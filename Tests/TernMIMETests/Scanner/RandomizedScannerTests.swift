import Foundation
import Testing
import TernMIME

/// Seeded mutation test: mutated fixtures and random MIME-ish noise never crash the scanner, the
/// structure stays within the limits and is internally consistent, rendering and the binary round
/// trip work, and chunking does not change the result.
@Suite struct RandomizedScannerTests {
    static let inputsPerRun = 50_000
    static let limits = MIMEScanLimits(maxParts: 64, maxDepth: 16, maxFieldBytes: 512, maxRetainedHeaderBytes: 4096)
    static let tokens: [[UInt8]] = [
        "\r\n", "\n", "\r", "--", "--b", "--b--", "\r\n--b\r\n", "\r\n\r\n", ":", ";", "=", "\"", "(", ")", "<", ">",
        "@", ",", "\\", " ", "\t", "\0", "\u{FF}", "Content-Type: multipart/mixed; boundary=b\r\n",
        "Content-Type: message/rfc822\r\n", "Content-Type: multipart/digest; boundary=\"b\"\r\n",
        "Content-Type: text/plain; name*0*=utf-8''%41; name*1=b\r\n", "Content-Disposition: attachment;\r\n",
        "From: \"x\" <a@b>, g: c@d;\r\n", "To: (c) a.b@[1.2.3.4]\r\n", "Subject: =?utf-8?q?x?=\r\n",
    ].map { Array($0.utf8) }

    @Test func mutatedInputsStayWithinLimits() throws {
        // TERN_MIME_SEED=<n> replays a failing run.
        let seed = ProcessInfo.processInfo.environment["TERN_MIME_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        var rng = SplitMix64(seed: seed)
        let fixtures = try MIMEFixtures.allMessages().map(\.bytes).filter { $0.count < 20_000 }
        for iteration in 0..<Self.inputsPerRun {
            let input = mutate(fixtures[Int(rng.next() % UInt64(fixtures.count))], rng: &rng)
            let s = MIMEScanner.scan(input, limits: Self.limits)
            let problem = check(s, input: input)
            #expect(problem == nil, "seed \(seed) iteration \(iteration): \(problem ?? "")")
            if problem != nil {
                print("failing input: \(String(reflecting: String(decoding: input, as: UTF8.self)))")
                return
            }
            if iteration % 10 == 0 {
                var chunked = MIMEScanner(limits: Self.limits)
                var i = 0
                while i < input.count {
                    let n = min(input.count - i, Int(rng.next() % 7) + 1)
                    chunked.feed(Array(input[i..<i + n]))
                    i += n
                }
                let same = chunked.finish() == s
                #expect(same, "seed \(seed) iteration \(iteration): chunking changed the structure")
                if !same { return }
            }
        }
    }

    private func mutate(_ base: [UInt8], rng: inout SplitMix64) -> [UInt8] {
        var bytes = base
        let edits = Int(rng.next() % 8) + 1
        for _ in 0..<edits {
            let position = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
            switch rng.next() % 6 {
            case 0:
                if position < bytes.count { bytes[position] = UInt8(truncatingIfNeeded: rng.next()) }
            case 1:
                bytes.insert(contentsOf: Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))], at: position)
            case 2:
                let n = min(bytes.count - position, Int(rng.next() % 64))
                bytes.removeSubrange(position..<position + n)
            case 3:
                let n = min(bytes.count - position, Int(rng.next() % 200))
                let slice = Array(bytes[position..<position + n])
                bytes.insert(contentsOf: slice, at: position)
            case 4:
                bytes = Array(bytes.prefix(position))
            default:
                for _ in 0..<Int(rng.next() % 32) {
                    bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: min(position, bytes.count))
                }
            }
        }
        return Array(bytes.prefix(40_000))
    }

    /// Structural invariants; returns a description of the first violation.
    private func check(_ s: MessageStructure, input: [UInt8]) -> String? {
        guard s.size == input.count else { return "size \(s.size) != \(input.count)" }
        guard s.partCount <= Self.limits.maxParts else { return "too many parts \(s.partCount)" }
        guard s.root.depth <= Self.limits.maxDepth else { return "too deep \(s.root.depth)" }
        guard s.root.headerOffset == 0, s.root.fullRange.end == input.count else { return "root range" }
        if let problem = checkPart(s.root, within: s.root.fullRange) { return problem }
        let encoded = s.binaryEncoded()
        guard encoded.count <= 2 * Self.limits.maxRetainedHeaderBytes + 256 * s.partCount else {
            return "structure too large: \(encoded.count) bytes"
        }
        guard let decoded = try? MessageStructure(binary: encoded), decoded == s else { return "binary round trip" }
        let bodyStructure = BodyStructureRenderer.render(s, extended: true)
        guard bodyStructure.first == UInt8(ascii: "("), bodyStructure.last == UInt8(ascii: ")") else {
            return "BODYSTRUCTURE not a list"
        }
        _ = EnvelopeRenderer.render(s.envelope)
        return nil
    }

    private func checkPart(_ part: MIMEPart, within outer: ByteRange) -> String? {
        guard part.headerSize >= 0, part.bodySize >= 0, part.headerOffset >= outer.offset,
            part.fullRange.end <= outer.end
        else { return "part \(part.fullRange) outside \(outer)" }
        guard part.bodyLines <= part.bodySize, part.bodyBareLFs <= part.bodyLines,
            part.headerLines <= part.headerSize
        else { return "line counts" }
        switch part.kind {
        case .leaf: if !part.children.isEmpty { return "leaf with children" }
        case .message: if part.children.count != 1 { return "message/rfc822 without exactly one child" }
        case .multipart: break
        }
        var previousEnd = part.bodyOffset
        for child in part.children {
            guard child.headerOffset >= previousEnd else { return "children overlap" }
            if let problem = checkPart(child, within: part.bodyRange) { return problem }
            previousEnd = child.fullRange.end
        }
        return nil
    }
}
