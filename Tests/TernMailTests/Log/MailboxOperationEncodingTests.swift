import NIOCore
import Testing

@testable import TernMail

@Suite struct MailboxOperationEncodingTests {
    static func sample(_ payload: OperationPayload) throws -> MailboxOperation {
        MailboxOperation(
            clock: HybridLogicalClock(wallMillis: 1_732_000_000_000, logical: 3),
            writer: try Writer(id: 0xDEAD_BEEF, slot: 5),
            sequence: 42,
            dependencies: VersionVector([0xDEAD_BEEF: 41, 7: 3]),
            payload: payload
        )
    }

    static let payloads: [OperationPayload] = [
        .append(
            AppendPayload(
                messageID: MessageID(high: 1, low: 2), blobReference: [1, 2, 3], metadataReference: [],
                flags: ["\\Seen", "$Forwarded", "é"], internalDateMillis: -5, size: 12_345, uid: 69
            )
        ),
        .flags(mode: .add, flags: ["\\Flagged"], messages: (0..<1_000).map { MessageID(high: $0, low: ~$0) }),
        .flags(mode: .replace, flags: [], messages: [MessageID(high: 9, low: 9)]),
        .expunge(messages: [MessageID(high: 3, low: 4), MessageID(high: 5, low: 6)]),
    ]

    @Test(arguments: 0..<4) func roundTrips(index: Int) throws {
        let op = try Self.sample(Self.payloads[index])
        let bytes = try op.encoded()
        #expect(bytes.getInteger(at: 0, as: UInt8.self) == MailboxOperation.encodingVersion)
        #expect(try MailboxOperation.decode(bytes) == op)
    }

    @Test func storeOnAThousandMessagesIsOneCompactOperation() throws {
        let bytes = try Self.sample(Self.payloads[1]).encoded()
        #expect(bytes.readableBytes < 1_000 * 16 + 100)
    }

    @Test func everyTruncationFailsCleanly() throws {
        let bytes = try Self.sample(Self.payloads[0]).encoded()
        for length in 0..<bytes.readableBytes {
            let prefix = bytes.getSlice(at: 0, length: length) ?? ByteBuffer()
            #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(prefix) }
        }
    }

    @Test func unknownVersionAndTrailingBytesAreRejected() throws {
        var bytes = try Self.sample(Self.payloads[3]).encoded()
        var trailing = bytes
        trailing.writeInteger(UInt8(0))
        #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(trailing) }
        bytes.setInteger(MailboxOperation.reissueEncodingVersion &+ 1, at: 0)
        let error = try #require(throws: MailboxLogError.self) { try MailboxOperation.decode(bytes) }
        #expect(error.code == .unsupportedVersion)
    }

    @Test func hostileCountsHitLimitsInsteadOfAllocating() throws {
        var bytes = ByteBuffer()
        bytes.writeInteger(MailboxOperation.encodingVersion)
        bytes.writeInteger(UInt8(3))
        bytes.writeInteger(UInt64(1))
        bytes.writeInteger(UInt64(1))
        bytes.writeInteger(UInt8(0))
        bytes.writeInteger(UInt64(1))
        bytes.writeInteger(UInt16(0))
        bytes.writeInteger(UInt32.max)
        let error = try #require(throws: MailboxLogError.self) { try MailboxOperation.decode(bytes) }
        #expect(error.code == .limitExceeded)
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<2_000 {
            var bytes = ByteBuffer()
            bytes.writeInteger(MailboxOperation.encodingVersion)
            for _ in 0..<Int.random(in: 0..<80, using: &generator) {
                bytes.writeInteger(UInt8.random(in: 0...255, using: &generator))
            }
            _ = try? MailboxOperation.decode(bytes)
        }
    }
}
