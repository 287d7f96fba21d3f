import NIOCore

/// IMAP4rev1's \Recent (RFC 3501 §2.3.2): a message is recent in the first session that selects
/// the mailbox read-write after the message arrived. Tern keeps, per mailbox, the UIDNEXT the last
/// such SELECT saw (the "floor"), sealed in one row `mbox/<m>/recent/floor` that is written only when
/// the floor moves, i.e. when new mail arrived since the previous SELECT. Two frontends selecting
/// at the same instant may both claim the same arrivals (last writer wins): \Recent is advisory
/// and IMAP4rev2 dropped it, so this costs no correctness elsewhere.
extension Mailbox {
    static let recentSortKey = "floor"

    /// Claims the arrivals since the previous read-write SELECT: returns the lowest recent UID
    /// (every message with `uid >= result` is recent for the caller) and moves the floor to `uidNext`.
    /// A floor recorded under another UIDVALIDITY counts as none (everything is recent then).
    /// With `claim` false (EXAMINE) the floor is only read.
    public func claimRecent(uidValidity: UInt32, uidNext: UInt32, claim: Bool = true) async throws(MailError) -> UInt32 {
        let rows = context.userRows
        let partition = layout.recentPartition
        let stored = try await mailErrors { try await rows.get(partition: partition, sort: Self.recentSortKey) }
        var floor: UInt32 = 1
        if var stored, stored.readableBytes == 8,
            let validity = stored.readInteger(as: UInt32.self), let value = stored.readInteger(as: UInt32.self),
            validity == uidValidity
        {
            floor = value
        }
        guard claim, uidNext > floor else { return min(floor, uidNext) }
        var value = ByteBuffer()
        value.writeInteger(uidValidity)
        value.writeInteger(uidNext)
        try await mailErrors { try await rows.put(partition: partition, sort: Self.recentSortKey, plaintext: value) }
        return floor
    }
}
