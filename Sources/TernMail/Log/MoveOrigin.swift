/// Where a MOVE's copy came from: the source mailbox and the source message's identity.
///
/// Two frontends that MOVE one message into one mailbox concurrently (two devices running the
/// same filter) each write a copy carrying the same origin; replay shows one of them
/// (`MailboxState+MoveCopies.swift`). A COPY carries none: every COPY is a new message.
public struct MoveOrigin: Hashable, Sendable {
    public let mailbox: MailboxID
    /// The source message's `moveIdentity`: the same for every copy of one moved message.
    public let message: MessageID

    public init(mailbox: MailboxID, message: MessageID) {
        self.mailbox = mailbox
        self.message = message
    }

    /// The identity every copy with this origin hands on when it is moved again. A function of
    /// the origin only, so copies a concurrent MOVE doubled (and the views showing either one)
    /// agree on it; a function of the whole path, so A->B->A->B gives each hop a new identity
    /// and the third MOVE does not join the first one's copies.
    ///
    /// A fixed 64-bit mixer over the four words in two differently seeded lanes. Not a
    /// cryptographic hash: its inputs are random ids the server drew, never chosen by a client.
    /// Part of the log format: every frontend of a deployment must compute it alike.
    public var movedIdentity: MessageID {
        let words = [mailbox.high, mailbox.low, message.high, message.low]
        var high: UInt64 = 0x7465_726E_6D6F_7665  // "ternmove"
        var low: UInt64 = 0x6964_656E_7469_7479  // "identity"
        for word in words { high = Self.mix(high ^ word) }
        for word in words.reversed() { low = Self.mix(low ^ word) }
        return MessageID(high: high, low: Self.mix(low ^ high))
    }

    /// The identity of an imported message (every import of one incoming object, and their
    /// reissues, carry its reference): the same fixed mix over the reference's bytes, in 8-byte
    /// words, seeded apart from `movedIdentity`.
    public static func importIdentity(_ reference: [UInt8]) -> MessageID {
        var high: UInt64 = 0x7465_726E_696D_706F  // "ternimpo"
        var low: UInt64 = 0x7274_6964_656E_7469  // "rtidenti"
        var index = 0
        while index < reference.count {
            var word: UInt64 = 0
            for byte in reference[index..<min(index + 8, reference.count)] { word = word << 8 | UInt64(byte) }
            high = mix(high ^ word)
            low = mix(low ^ word ^ UInt64(index))
            index += 8
        }
        high = mix(high ^ UInt64(reference.count))
        return MessageID(high: high, low: mix(low ^ high))
    }

    /// A bijection on 64 bits that spreads every input bit over the output (xor-shift, multiply).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
