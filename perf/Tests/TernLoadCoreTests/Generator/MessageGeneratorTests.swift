import Testing
@testable import TernLoadCore

@Suite struct MessageGeneratorTests {
    static func bytes(of spec: MessageSpec, chunk: Int) -> [UInt8] {
        var stream = MessageStream(spec: spec, user: "user1")
        var output: [UInt8] = []
        var more = true
        while more {
            let before = output.count
            more = stream.nextChunk(maximum: chunk, into: &output)
            #expect(output.count - before <= chunk, "a chunk may not exceed its maximum")
        }
        return output
    }

    @Test func sameSeedSameMessages() {
        let first = MessageGenerator(seed: 42)
        let second = MessageGenerator(seed: 42)
        let other = MessageGenerator(seed: 43)
        for index in 0..<20 {
            #expect(first.spec(user: 3, index: index) == second.spec(user: 3, index: index))
        }
        #expect((0..<20).map { first.spec(user: 3, index: $0) } != (0..<20).map { other.spec(user: 3, index: $0) })
        #expect(first.spec(user: 3, index: 0) != first.spec(user: 4, index: 0))
    }

    @Test(arguments: [MessageSpec.Kind.plain, .html, .attachment])
    func exactSizeAndIndependentOfChunking(kind: MessageSpec.Kind) {
        let sizes = kind == .attachment ? [200_000, 1_234_567] : (kind == .html ? [4_100, 15_700, 150_001] : [900, 2_901, 45_800])
        for size in sizes {
            let spec = MessageSpec(seed: UInt64(size), kind: kind, size: size, hasRareWord: true, date: 1_793_491_200)
            let whole = Self.bytes(of: spec, chunk: 1 << 30)
            #expect(whole.count == size, "kind \(kind) size \(size)")
            #expect(MessageStream(spec: spec, user: "user1").byteCount == size)
            #expect(Self.bytes(of: spec, chunk: 1000) == whole)
            #expect(Self.bytes(of: spec, chunk: 7) == Array(whole))
        }
    }

    @Test func messagesAreMIMEWithCRLFAndBoundaries() throws {
        let spec = MessageSpec(seed: 9, kind: .attachment, size: 300_000, hasRareWord: true, date: 1_793_491_200)
        let text = String(decoding: Self.bytes(of: spec, chunk: 65_536), as: UTF8.self)
        let boundary = "=_tern_\(String(spec.seed, radix: 16))"
        #expect(text.hasPrefix("Return-Path: <sender@example.net>\r\n"))
        #expect(text.contains("Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n--\(boundary)\r\n"))
        #expect(text.contains("\r\n--\(boundary)\r\nContent-Type: application/pdf"))
        #expect(text.hasSuffix("\r\n--\(boundary)--\r\n"))
        #expect(text.contains(MessageGenerator.rareWord))
        // Every LF is part of a CRLF.
        let bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] == 10 { #expect(index > 0 && bytes[index - 1] == 13) }
    }

    @Test func sizesFollowTheRealWorldPercentiles() {
        let seed: UInt64 = 7
        let generator = MessageGenerator(seed: seed)
        let specs = (0..<20_000).map { generator.spec(user: 1 + $0 / 1000, index: $0 % 1000) }
        let sizes = specs.map(\.size).sorted()
        func percentile(_ share: Double) -> Double { Double(sizes[Int(share * Double(sizes.count - 1))]) }
        // The published quantiles (real-world-mix.md); 20k draws land within 10 % of each.
        for (share, expected) in [(0.10, 2_900.0), (0.25, 5_200), (0.5, 15_700), (0.75, 45_800), (0.9, 148_000), (0.95, 319_000), (0.99, 2_000_000)] {
            let measured = percentile(share)
            #expect(abs(measured - expected) / expected < 0.10, "seed \(seed): p\(share * 100) = \(measured), want ~\(expected)")
        }
        #expect(sizes.last ?? 0 <= 20_600_000)
        #expect(specs.filter { $0.size >= 10_000_000 }.count >= 5, "a few 10-20 MB messages")
        #expect(specs.allSatisfy { ($0.kind == .attachment) == ($0.size >= MessageGenerator.attachmentThreshold) })
        let html = specs.filter { $0.kind == .html }.count
        #expect(html > 3_000 && html < 7_000)
        let rare = Double(specs.filter(\.hasRareWord).count) / Double(specs.count)
        #expect(abs(rare - MessageGenerator.rareWordShare) < 0.01)
    }

    @Test func sizeDistributionHitsItsPoints() {
        let distribution = SizeDistribution.realWorld
        #expect(distribution.size(at: 0.5) == 15_700)
        #expect(distribution.size(at: 0.99) == 2_000_000)
        #expect(distribution.size(at: 1) == 20_600_000)
        var previous = 0
        for step in 0...1000 {
            let size = distribution.size(at: Double(step) / 1000)
            #expect(size >= previous)
            previous = size
        }
    }

    @Test func dateHeaderIsRFC5322() {
        #expect(MessageLayout.rfc5322Date(0) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MessageLayout.rfc5322Date(1_793_491_200) == "Sun, 01 Nov 2026 00:00:00 +0000")
        #expect(MessageLayout.rfc5322Date(951_782_400 + 3_723) == "Tue, 29 Feb 2000 01:02:03 +0000")
        #expect(MessageLayout.rfc5322Date(-5) == "Thu, 01 Jan 1970 00:00:00 +0000")
        // The append profile's message indexes start at 1,000,000: still a date after 2019.
        let spec = MessageGenerator(seed: 1).spec(user: 1, index: 2_000_001)
        #expect(spec.date > 1_570_000_000)
    }
}

@Suite struct MailboxSizeTests {
    @Test func messageCountReachesTheTargetExactlyOnce() throws {
        let generator = MessageGenerator(seed: 1)
        let count = try #require(generator.messageCount(user: 1, reaching: 50_000_000))
        let sizes = (0..<count).map { generator.spec(user: 1, index: $0).size }
        #expect(sizes.reduce(0, +) >= 50_000_000)
        #expect(sizes.dropLast().reduce(0, +) < 50_000_000)
        #expect(generator.messageCount(user: 1, reaching: 0) == 0)
        #expect(generator.messageCount(user: 1, reaching: 1_000_000_000, limit: 10) == nil)
    }

    @Test func cappedDistributionKeepsTheShapeBelowTheCap() {
        let capped = SizeDistribution.realWorld.capped(at: 100_000)
        #expect(capped.size(at: 1) == 100_000)
        #expect(capped.size(at: 0) == 900)
        var previous = 0
        for step in 0...1000 {
            let size = capped.size(at: Double(step) / 1000)
            #expect(size >= previous && size <= 100_000)
            previous = size
        }
        // The real-world median (15.7 KB) sits below the cap, so it moves up only a little in share:
        // about 58 % of the capped draws are at most 15.7 KB.
        let below = (0..<1000).filter { capped.size(at: (Double($0) + 0.5) / 1000) <= 15_700 }.count
        #expect(below > 550 && below < 610)
        // A cap above the largest size changes nothing; one below the smallest gives the smallest.
        #expect(SizeDistribution.realWorld.capped(at: 30_000_000).size(at: 0.5) == 15_700)
        #expect(SizeDistribution.realWorld.capped(at: 500).size(at: 0.9) == 900)
    }
}
