/// Every storage key the mail service writes (docs/internals/mail-storage.md). Ids are keyed
/// hashes or random hex; no key holds a login, address or mailbox name (invariant 3).
struct StorageLayout: Sendable {
    /// Keyed hash of the login (deployment secret): 32 hex digits.
    let userID: String

    /// Row (`user/<u>`, `keys`): the wrapped keys, readable without the password only for their
    /// public key and KDF parameters.
    var userPartition: String { "user/\(userID)" }
    static let keysSort = "keys"
    /// One sealed row per mailbox-list operation, sort key `<hlc>-<writer>`.
    var listPartition: String { "user/\(userID)/mailboxes" }
    /// One empty row per mailbox storage id ever written to (so the user's data can be found and
    /// deleted without the password).
    var mailboxRegistryPartition: String { "user/\(userID)/mboxes" }
    /// One commit row per delivered message, sort key = incoming id.
    var incomingPartition: String { "user/\(userID)/incoming" }

    func incomingPartKey(_ incomingID: String, part: Int) -> String {
        "incoming/\(userID)/\(incomingID)/\(MailboxLogKeys.hex16(UInt64(part)))"
    }

    var incomingPrefix: String { "incoming/\(userID)/" }

    /// One `DeliveryMarker` row per recent delivery, sort key = its delivery digest (keyed hash of
    /// login and content): how a retried delivery finds the attempt that got through.
    var deliveryMarkerPartition: String { "user/\(userID)/delivered" }

    /// `<user>.<mailbox>`: the mailbox's storage id (its log is `mbox/<id>/log`).
    func mailboxStorageID(_ mailbox: MailboxID) -> String {
        "\(userID).\(MailboxLogKeys.hex16(mailbox.high))\(MailboxLogKeys.hex16(mailbox.low))"
    }

    /// Blobs of all the user's mailboxes start with this.
    var mailboxBlobPrefix: String { "mbox/\(userID)." }
}

/// Keys inside one mailbox.
struct MailboxLayout: Sendable {
    let storageID: String

    var blobPrefix: String { "mbox/\(storageID)/" }
    var logPartition: String { "mbox/\(storageID)/log" }
    var checkpointPartition: String { "mbox/\(storageID)/ckpt" }
    /// Metadata segment catalog rows, one per segment, sort key = segment name.
    var segmentPartition: String { "mbox/\(storageID)/segs" }
    /// One row, `floor`: the \Recent floor (`Mailbox.claimRecent`).
    var recentPartition: String { "mbox/\(storageID)/recent" }
    /// Retirement rows (`RetiredObjects`), sort key `<millis hex16>-<random hex16>`.
    var retiredPartition: String { "mbox/\(storageID)/retired" }

    func messageKey(_ id: MessageID) -> String { "mbox/\(storageID)/msg/\(Self.hex(id))" }
    func metadataKey(_ id: MessageID) -> String { "mbox/\(storageID)/meta/\(Self.hex(id))" }
    func segmentKey(_ name: String) -> String { "mbox/\(storageID)/seg/\(name)" }

    /// An imported incoming message has deterministic keys, so two frontends importing it at once
    /// write the same objects and replay keeps one of the two appends (see `MailboxState.view`).
    func importedMessageKey(_ incomingID: String) -> String {
        "mbox/\(storageID)/msg/\(MailboxState.importMarker)\(incomingID)"
    }
    func importedMetadataKey(_ incomingID: String) -> String {
        "mbox/\(storageID)/meta/\(MailboxState.importMarker)\(incomingID)"
    }

    static func hex(_ id: MessageID) -> String { MailboxLogKeys.hex16(id.high) + MailboxLogKeys.hex16(id.low) }
}
