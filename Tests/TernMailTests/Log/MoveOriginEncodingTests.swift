import NIOCore
import Testing

@testable import TernMail

/// A MOVE's copies carry their origin in version 3 rows; rows without one keep their old bytes.
@Suite struct MoveOriginEncodingTests {
    static let origin = MoveOrigin(
        mailbox: MailboxID(high: 0xAAAA, low: 0xBBBB), message: MessageID(high: 0xCCCC, low: 0xDDDD))

    static func append(_ n: UInt64, origin: MoveOrigin?) -> AppendPayload {
        AppendPayload(
            messageID: MessageID(high: n, low: n), blobReference: [1, 2], metadataReference: [3],
            flags: ["\\Seen"], internalDateMillis: 7, size: 100, uid: UInt32(n) * 64 + 5, moveOrigin: origin)
    }

    @Test func appendAndBatchWithOriginsRoundTripAsVersion3() throws {
        let other = MoveOrigin(mailbox: Self.origin.mailbox, message: MessageID(high: 1, low: 1))
        for payload in [
            OperationPayload.append(Self.append(1, origin: Self.origin)),
            .appendBatch([Self.append(1, origin: Self.origin), Self.append(2, origin: other)]),
        ] {
            let op = try MailboxOperationEncodingTests.sample(payload)
            let bytes = try op.encoded()
            #expect(bytes.getInteger(at: 0, as: UInt8.self) == MailboxOperation.originEncodingVersion)
            #expect(try MailboxOperation.decode(bytes) == op)
        }
    }

    @Test func rowsWithoutOriginKeepTheirVersionAndBytes() throws {
        let single = try MailboxOperationEncodingTests.sample(.append(Self.append(1, origin: nil))).encoded()
        #expect(single.getInteger(at: 0, as: UInt8.self) == MailboxOperation.encodingVersion)
        let batch = try MailboxOperationEncodingTests.sample(
            .appendBatch([Self.append(1, origin: nil), Self.append(2, origin: nil)])
        ).encoded()
        #expect(batch.getInteger(at: 0, as: UInt8.self) == MailboxOperation.batchEncodingVersion)
        // With an origin the row is the old one plus the origin (33 bytes), version aside.
        let moved = try MailboxOperationEncodingTests.sample(.append(Self.append(1, origin: Self.origin))).encoded()
        #expect(moved.readableBytes == single.readableBytes + 33)
        #expect(
            moved.getBytes(at: 1, length: single.readableBytes - 1) == single.getBytes(
                at: 1, length: single.readableBytes - 1))
    }

    /// A version 1 row as the previous release wrote it, byte by byte: decodes with no origin.
    @Test func oldAppendRowDecodesWithoutOrigin() throws {
        var bytes = ByteBuffer()
        bytes.writeInteger(UInt8(1))  // version
        bytes.writeInteger(UInt8(1))  // append
        bytes.writeInteger(HybridLogicalClock(wallMillis: 1_000, logical: 0).packed)
        bytes.writeInteger(UInt64(9))  // writer id
        bytes.writeInteger(UInt8(3))  // slot
        bytes.writeInteger(UInt64(1))  // sequence
        bytes.writeInteger(UInt16(0))  // no dependencies (the writer's first operation)
        bytes.writeInteger(UInt64(4))  // message id
        bytes.writeInteger(UInt64(5))
        bytes.writeInteger(UInt16(1))  // blob reference
        bytes.writeInteger(UInt8(7))
        bytes.writeInteger(UInt16(0))  // metadata reference
        bytes.writeInteger(UInt16(0))  // flags
        bytes.writeInteger(Int64(11))  // internal date
        bytes.writeInteger(UInt64(12))  // size
        bytes.writeInteger(UInt32(3))  // uid
        let op = try MailboxOperation.decode(bytes)
        let append = try #require(op.payload.appends.first)
        #expect(append.moveOrigin == nil && append.uid == 3 && append.messageID == MessageID(high: 4, low: 5))
        #expect(try op.encoded() == bytes)
    }

    @Test func truncatedOrMalformedOriginsFailCleanly() throws {
        let bytes = try MailboxOperationEncodingTests.sample(.append(Self.append(1, origin: Self.origin))).encoded()
        for length in 0..<bytes.readableBytes {
            let prefix = bytes.getSlice(at: 0, length: length) ?? ByteBuffer()
            #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(prefix) }
        }
        var badMarker = bytes
        badMarker.setInteger(UInt8(2), at: bytes.readableBytes - 33)
        let error = try #require(throws: MailboxLogError.self) { try MailboxOperation.decode(badMarker) }
        #expect(error.code == .malformed)
        // Version 3 holds appends only.
        var expunge = try MailboxOperationEncodingTests.sample(.expunge(messages: [MessageID(high: 1, low: 1)]))
            .encoded()
        expunge.setInteger(MailboxOperation.originEncodingVersion, at: 0)
        #expect(throws: MailboxLogError.self) { try MailboxOperation.decode(expunge) }
    }

    @Test func encodedBytesCountsTheOrigin() throws {
        let messages = (1...3).map {
            NewMessage(
                messageID: MessageID(high: $0, low: $0), blobReference: [1, 2], metadataReference: [3],
                flags: ["\\Seen"], internalDateMillis: 7, size: 100, moveOrigin: Self.origin)
        }
        let payloads = messages.enumerated().map { $1.payload(uid: UInt32($0 + 1) * 64 + 5) }
        let withThree = try MailboxOperationEncodingTests.sample(.appendBatch(payloads)).encoded()
        let withTwo = try MailboxOperationEncodingTests.sample(.appendBatch(Array(payloads.prefix(2)))).encoded()
        #expect(withThree.readableBytes - withTwo.readableBytes == MailboxOperation.encodedBytes(of: messages[2]))
    }

    /// Copies doubled by a concurrent MOVE agree on the identity they hand on; every further
    /// MOVE (A->B->A->B) gets a new one, so the third does not join the first one's copies.
    @Test func movedIdentityIsStableAndNewPerHop() {
        let a = MailboxID(high: 1, low: 2)
        let b = MailboxID(high: 3, low: 4)
        let m = MessageID(high: 0x1234, low: 0x5678)
        let intoB = MoveOrigin(mailbox: a, message: m)
        #expect(intoB.movedIdentity == MoveOrigin(mailbox: a, message: m).movedIdentity)
        let backIntoA = MoveOrigin(mailbox: b, message: intoB.movedIdentity)
        let againIntoB = MoveOrigin(mailbox: a, message: backIntoA.movedIdentity)
        #expect(Set([intoB, againIntoB]).count == 2)
        var seen: Set<MessageID> = [m]
        var origin = intoB
        for hop in 0..<1_000 {
            #expect(seen.insert(origin.movedIdentity).inserted, "hop \(hop) repeated an identity")
            origin = MoveOrigin(mailbox: hop % 2 == 0 ? b : a, message: origin.movedIdentity)
        }
        // A fork (one message moved into B and into C at once) stays two messages downstream.
        let c = MailboxID(high: 5, low: 6)
        #expect(
            MoveOrigin(mailbox: b, message: intoB.movedIdentity).movedIdentity
                != MoveOrigin(mailbox: c, message: intoB.movedIdentity).movedIdentity)
    }
}
