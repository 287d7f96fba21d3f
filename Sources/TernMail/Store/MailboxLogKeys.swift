/// Storage keys of one mailbox's log and checkpoints. Sort keys are `<hlc>-<writer>`, both as
/// 16 lowercase hex digits, so bytewise key order is exactly the canonical (hlc, writer) order.
/// The mailbox id is an opaque keyed id chosen by the caller (never a name: invariant 3).
public struct MailboxLogKeys: Hashable, Sendable {
    public let mailboxID: String
    public let logPartition: String
    public let checkpointPartition: String

    public init(mailboxID: String) {
        self.mailboxID = mailboxID
        logPartition = "mbox/\(mailboxID)/log"
        checkpointPartition = "mbox/\(mailboxID)/ckpt"
    }

    /// `<hlc>-<writer>`: 33 bytes.
    public static func sortKey(_ id: OperationID) -> String {
        hex16(id.clock.packed) + "-" + hex16(id.writerID)
    }

    /// The operation id a sort key names, or nil when it is not of Tern's shape.
    public static func operationID(sortKey: String) -> OperationID? {
        let bytes = Array(sortKey.utf8)
        guard bytes.count == 33, bytes[16] == UInt8(ascii: "-"),
            let clock = parseHex16(bytes[0..<16]), let writer = parseHex16(bytes[17..<33])
        else { return nil }
        return OperationID(clock: HybridLogicalClock(packed: clock), writerID: writer)
    }

    /// A key that sorts before every sort key whose clock is at or after `clock` and after every
    /// key whose clock is before it: pass it as `after` to list from that clock on.
    public static func floor(clock: HybridLogicalClock) -> String {
        hex16(clock.packed)
    }

    /// The blob id a row's value is sealed under: the full row key, so a value copied to another
    /// row (or another mailbox) fails authentication.
    public func blobID(partition: String, sort: String) -> [UInt8] {
        Array("\(partition)/\(sort)".utf8)
    }

    static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func parseHex16(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
