import NIOCore
import TernCrypto

/// The row an attempt to deliver a message to a user leaves before its queue row
/// (`user/<u>/delivered`, sort key = the delivery digest): "the copy with these bytes for this
/// user is incoming id X, written at T". A retry of the same delivery finds it and, if X got
/// through, answers with X instead of storing the message again (`DeliveryRetryCheck`).
///
/// Value: version(1) writtenMillis(8) incomingID(32 ASCII) tag(32 ASCII), where the tag is a MAC
/// keyed with the deployment secret over the row's key and fields. The storage operator cannot
/// forge or move a marker to make a new delivery look like a retry (a marker that fails the tag
/// is treated as absent: the message is delivered).
struct DeliveryMarker: Hashable, Sendable {
    static let encodingVersion: UInt8 = 1
    static let idLength = 32
    static let tagLength = 32

    let incomingID: String
    let writtenMillis: UInt64

    /// Younger than the window at `nowMillis`. A marker from the future (another frontend's clock ahead) counts.
    func isCurrent(nowMillis: UInt64, windowMillis: UInt64) -> Bool {
        writtenMillis >= nowMillis || nowMillis - writtenMillis <= windowMillis
    }

    func encoded(hasher: StorageIdentifierHasher, partition: String, sort: String) -> ByteBuffer {
        var value = ByteBuffer()
        value.writeInteger(Self.encodingVersion)
        value.writeInteger(writtenMillis)
        value.writeString(incomingID)
        value.writeString(Self.tag(hasher: hasher, partition: partition, sort: sort, id: incomingID, millis: writtenMillis))
        return value
    }

    /// The marker, or nil when the value is malformed or its tag does not match its row.
    static func decode(_ value: ByteBuffer, hasher: StorageIdentifierHasher, partition: String, sort: String)
        -> DeliveryMarker?
    {
        var value = value
        guard value.readInteger(as: UInt8.self) == encodingVersion, let millis = value.readInteger(as: UInt64.self),
            let id = value.readString(length: idLength), let storedTag = value.readBytes(length: tagLength),
            value.readableBytes == 0
        else { return nil }
        let expected = tag(hasher: hasher, partition: partition, sort: sort, id: id, millis: millis)
        guard constantTimeEqual(Array(expected.utf8), storedTag) else { return nil }
        return DeliveryMarker(incomingID: id, writtenMillis: millis)
    }

    /// The marker's sort key for one copy: a keyed hash (deployment secret) of the login, the
    /// message's SHA-256 and the copy's `occurrence` (the n-th copy for this user in one delivery).
    /// Without the secret, the operator cannot check a guessed message against it.
    static func digest(hasher: StorageIdentifierHasher, login: String, contentHash: [UInt8], occurrence: Int = 0)
        -> String
    {
        // Hash and occurrence follow the login's last "/": no login can make two inputs collide.
        hasher.identifier(for: "\(login)/\(hex(contentHash))/\(occurrence)", purpose: "delivery-retry")
    }

    private static func tag(
        hasher: StorageIdentifierHasher, partition: String, sort: String, id: String, millis: UInt64
    ) -> String {
        hasher.identifier(for: "\(partition)/\(sort)/\(id)/\(millis)", purpose: "delivery-marker")
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
