import NIOCore
import TernCrypto
import Testing

@testable import TernMail

/// The retry decision, read by read, and the marker that feeds it.
@Suite struct DeliveryRetryCheckTests {
    let window: UInt64 = 5 * 24 * 3600 * 1000
    let now: UInt64 = 1_800_000_000_000
    var earlier: DeliveryMarker { DeliveryMarker(incomingID: String(repeating: "a", count: 32), writtenMillis: now - 60_000) }

    @Test func noMarkerDelivers() {
        var check = DeliveryRetryCheck(nowMillis: now, windowMillis: window)
        #expect(check.markerRead(nil) == .deliver)
    }

    @Test func markerOlderThanTheWindowIsIgnored() {
        var check = DeliveryRetryCheck(nowMillis: now, windowMillis: window)
        let old = DeliveryMarker(incomingID: earlier.incomingID, writtenMillis: now - window - 1)
        #expect(check.markerRead(old) == .deliver)
    }

    @Test func markerFromAnotherFrontendsFutureCounts() {
        var check = DeliveryRetryCheck(nowMillis: now, windowMillis: window)
        let ahead = DeliveryMarker(incomingID: earlier.incomingID, writtenMillis: now + 5_000)
        #expect(check.markerRead(ahead) == .readQueueRow(incomingID: ahead.incomingID))
    }

    @Test func earlierAttemptStillQueuedIsARetry() {
        var check = DeliveryRetryCheck(nowMillis: now, windowMillis: window)
        #expect(check.markerRead(earlier) == .readQueueRow(incomingID: earlier.incomingID))
        #expect(check.queueRowRead(exists: true) == .duplicate(of: earlier.incomingID))
    }

    /// Crash (or failure) between the marker and the queue row: the parts are there, the row is not.
    @Test func earlierAttemptThatNeverWroteItsRowIsDeliveredAgain() {
        var check = DeliveryRetryCheck(nowMillis: now, windowMillis: window)
        _ = check.markerRead(earlier)
        #expect(check.queueRowRead(exists: false) == .readFirstPart(incomingID: earlier.incomingID))
        #expect(check.firstPartRead(exists: true) == .deliver)
    }

    @Test func earlierAttemptImportedIsARetry() {
        var check = DeliveryRetryCheck(nowMillis: now, windowMillis: window)
        _ = check.markerRead(earlier)
        _ = check.queueRowRead(exists: false)
        #expect(check.firstPartRead(exists: false) == .rereadMarker)
        #expect(check.markerReread(earlier) == .duplicate(of: earlier.incomingID))
    }

    /// A failed attempt removes its marker before its parts: gone parts with a gone (or another) marker are not
    /// proof of an import.
    @Test func earlierAttemptRemovingItselfIsNotARetry() {
        for reread in [nil, DeliveryMarker(incomingID: String(repeating: "b", count: 32), writtenMillis: now)] {
            var check = DeliveryRetryCheck(nowMillis: now, windowMillis: window)
            _ = check.markerRead(earlier)
            _ = check.queueRowRead(exists: false)
            _ = check.firstPartRead(exists: false)
            #expect(check.markerReread(reread) == .deliver)
        }
    }

    // MARK: - Marker and digest

    let hasher = try! StorageIdentifierHasher(deploymentSecret: Array("delivery-retry-test-secret-01234".utf8))
    let partition = "user/0123/delivered"

    @Test func markerRoundTripsOnlyInItsOwnRow() throws {
        let sort = DeliveryMarker.digest(hasher: hasher, login: "alice", contentHash: Array(repeating: 7, count: 32))
        let value = earlier.encoded(hasher: hasher, partition: partition, sort: sort)
        #expect(DeliveryMarker.decode(value, hasher: hasher, partition: partition, sort: sort) == earlier)
        let other = DeliveryMarker.digest(hasher: hasher, login: "alice", contentHash: Array(repeating: 8, count: 32))
        #expect(DeliveryMarker.decode(value, hasher: hasher, partition: partition, sort: other) == nil)
        #expect(DeliveryMarker.decode(value, hasher: hasher, partition: "user/4567/delivered", sort: sort) == nil)
        let otherSecret = try StorageIdentifierHasher(deploymentSecret: Array("another-deployment-secret-98765".utf8))
        #expect(DeliveryMarker.decode(value, hasher: otherSecret, partition: partition, sort: sort) == nil)
    }

    /// Every single-byte change (another id, another time, a forged tag) and every truncation is refused.
    @Test func alteredMarkerIsRefused() {
        let sort = DeliveryMarker.digest(hasher: hasher, login: "alice", contentHash: Array(repeating: 7, count: 32))
        let bytes = Array(earlier.encoded(hasher: hasher, partition: partition, sort: sort).readableBytesView)
        for index in bytes.indices {
            var altered = bytes
            altered[index] ^= 0x01
            #expect(DeliveryMarker.decode(ByteBuffer(bytes: altered), hasher: hasher, partition: partition, sort: sort) == nil)
            #expect(
                DeliveryMarker.decode(ByteBuffer(bytes: bytes[..<index]), hasher: hasher, partition: partition, sort: sort) == nil)
        }
        #expect(DeliveryMarker.decode(ByteBuffer(bytes: bytes + [0]), hasher: hasher, partition: partition, sort: sort) == nil)
    }

    @Test func digestDependsOnLoginContentAndSecret() throws {
        let content = Array(repeating: UInt8(7), count: 32)
        let alice = DeliveryMarker.digest(hasher: hasher, login: "alice", contentHash: content)
        #expect(alice.count == 32)
        #expect(alice == DeliveryMarker.digest(hasher: hasher, login: "alice", contentHash: content))
        #expect(alice != DeliveryMarker.digest(hasher: hasher, login: "bob", contentHash: content))
        #expect(alice != DeliveryMarker.digest(hasher: hasher, login: "alice", contentHash: content, occurrence: 1))
        #expect(alice != DeliveryMarker.digest(hasher: hasher, login: "alice", contentHash: Array(repeating: 9, count: 32)))
        let otherSecret = try StorageIdentifierHasher(deploymentSecret: Array("another-deployment-secret-98765".utf8))
        #expect(alice != DeliveryMarker.digest(hasher: otherSecret, login: "alice", contentHash: content))
    }

    @Test func contentHashIsTheSameWhateverTheChunking() {
        let bytes = Array("From: a@b\r\n\r\nbody\r\n".utf8)
        var whole = ContentHash()
        whole.update(ByteBuffer(bytes: bytes))
        var pieces = ContentHash()
        for byte in bytes { pieces.update(ByteBuffer(bytes: [byte])) }
        #expect(whole.finalize() == pieces.finalize())
        #expect(whole.finalize().count == 32)
        var other = ContentHash()
        other.update(ByteBuffer(bytes: bytes + [0x20]))
        #expect(other.finalize() != whole.finalize())
    }
}
