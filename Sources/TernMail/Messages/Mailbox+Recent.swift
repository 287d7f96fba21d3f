import NIOCore

/// IMAP4rev1's \Recent (RFC 3501 §2.3.2): a message is recent in the first read-write session told
/// about it, by a SELECT or by an update of an already selected mailbox. Tern keeps, per mailbox,
/// the lowest UID not yet given to a session (the "floor"), sealed in one row
/// `mbox/<m>/recent/floor` written only when the floor moves, i.e. when a session is first told of
/// new mail. Within one process claims are serialised by this actor (the floor moves in memory
/// before storage is awaited), so every arrival is recent in exactly one session. Two frontends
/// claiming at the same instant may both claim the same arrivals (last writer wins): \Recent is
/// advisory and IMAP4rev2 dropped it, so this costs no correctness elsewhere.
extension Mailbox {
    static let recentSortKey = "floor"

    /// Claims the arrivals below `uidNext` no session claimed yet: returns the lowest recent UID
    /// (every message with `uid >= result` is recent for the caller) and moves the floor to `uidNext`.
    /// A floor recorded under another UIDVALIDITY counts as none (everything is recent then).
    /// With `claim` false (EXAMINE, a read-only session, STATUS) the floor is only read.
    public func claimRecent(uidValidity: UInt32, uidNext: UInt32, claim: Bool = true) async throws(MailError) -> UInt32 {
        // Read every time: another frontend may have moved the floor since this process last did.
        let stored = try await storedRecentFloor(uidValidity: uidValidity)
        // No await from here until the floor has moved: a concurrent claim sees the moved floor.
        var floor = stored
        if let local = claimedRecentFloor, local.uidValidity == uidValidity { floor = max(floor, local.floor) }
        guard claim, uidNext > floor else {
            claimedRecentFloor = (uidValidity, floor)
            return min(floor, uidNext)
        }
        claimedRecentFloor = (uidValidity, uidNext)
        var value = ByteBuffer()
        value.writeInteger(uidValidity)
        value.writeInteger(uidNext)
        let rows = context.userRows
        let partition = layout.recentPartition
        try await mailErrors { try await rows.put(partition: partition, sort: Self.recentSortKey, plaintext: value) }
        return floor
    }

    /// How many of `uids` a session selecting the mailbox now would see as recent (STATUS RECENT
    /// of a mailbox this session has not selected); claims nothing.
    public func unclaimedRecentCount(uidValidity: UInt32, uids: some Sequence<UInt32>) async throws(MailError) -> Int {
        var floor = try await storedRecentFloor(uidValidity: uidValidity)
        if let local = claimedRecentFloor, local.uidValidity == uidValidity { floor = max(floor, local.floor) }
        return uids.reduce(0) { $1 >= floor ? $0 + 1 : $0 }
    }

    /// The stored floor, 1 when none is stored under `uidValidity`.
    private func storedRecentFloor(uidValidity: UInt32) async throws(MailError) -> UInt32 {
        let rows = context.userRows
        let partition = layout.recentPartition
        let stored = try await mailErrors { try await rows.get(partition: partition, sort: Self.recentSortKey) }
        if var stored, stored.readableBytes == 8,
            let validity = stored.readInteger(as: UInt32.self), let value = stored.readInteger(as: UInt32.self),
            validity == uidValidity
        {
            return value
        }
        return 1
    }
}
