import Logging
import NIOCore
import TernCrypto
import TernStorage

/// One user's unlocked keys, mailbox list and open mailboxes, shared by every session of the
/// user in this process (`MailService.openAccount` / `release`).
///
/// The list is the CRDT of `MailboxList/`, one sealed row per operation under
/// `user/<u>/mailboxes/<hlc>-<writer>`, merged on every read (docs/internals/mailbox-list.md).
public actor Account {
    public nonisolated let login: String
    nonisolated let context: AccountContext
    var list: MailboxList
    private var knownListKeys: Set<String> = []
    private var listClock: HybridLogicalClock = .zero
    private var open: [MailboxID: Mailbox] = [:]
    private var usage: (bytes: UInt64, atMillis: UInt64)?
    /// The import of the incoming queue: one pass at a time per account (sessions of one user
    /// share it), and the background task that `close()` ends (Incoming/Account+ImportDriver).
    var importDriver = IncomingImportDriver()
    /// How long a computed usage is trusted before listing again (other frontends write too).
    static let usageFreshnessMillis: UInt64 = 30_000

    init(login: String, context: AccountContext) throws(MailError) {
        self.login = login
        self.context = context
        self.list = MailboxList(deriveID: context.mailboxID)
    }

    // MARK: - Listing

    /// The mailboxes, synced with storage; includes the six defaults.
    public func mailboxes() async throws(MailError) -> [MailboxList.Entry] {
        try await syncList()
        return list.entries()
    }

    public func subscriptions() async throws(MailError) -> [String] {
        try await syncList()
        return list.subscriptions()
    }

    /// The one `Mailbox` object of this account for `name` (case-insensitive INBOX).
    public func mailbox(named name: String) async throws(MailError) -> Mailbox {
        let name = MailboxNames.normalized(name)
        try await syncList()
        guard let entry = list.entry(named: name) else { throw MailError(.noSuchMailbox, "no mailbox \(name)") }
        return try mailbox(for: entry)
    }

    func mailbox(for entry: MailboxList.Entry) throws(MailError) -> Mailbox {
        if let existing = open[entry.mailbox] { return existing }
        let storageID = context.layout.mailboxStorageID(entry.mailbox)
        let parked = context.service.parkedLogs.withLockedValue { $0.removeValue(forKey: storageID) }
        let log: MailboxLogStore
        if let parked {
            log = parked
        } else {
            let writer: Writer
            do {
                writer = try Writer(id: context.service.writerID, slot: context.configuration.writerSlot)
            } catch {
                throw MailError.wrapping(error)
            }
            log = MailboxLogStore(
                rows: context.rows, keys: context.keys, mailboxID: storageID, writer: writer,
                uidValidityBase: Self.uidValidityBase(entry.mailbox), configuration: context.configuration.logStore,
                physicalMillis: context.service.physicalMillis, logger: context.logger)
        }
        let mailbox = Mailbox(
            name: entry.name, mailboxID: entry.mailbox, storageID: storageID, log: log, account: self,
            context: context)
        open[entry.mailbox] = mailbox
        return mailbox
    }

    /// Derived from the id, so every frontend starts the mailbox with the same UIDVALIDITY; 24
    /// bits leave room for 2^31 later changes.
    static func uidValidityBase(_ id: MailboxID) -> UInt32 {
        1 + UInt32(truncatingIfNeeded: id.high >> 40)
    }

    // MARK: - Changes

    /// A trailing `/` (RFC 3501 6.3.3: "intends to create names under it") is dropped.
    public func createMailbox(_ name: String, specialUse: SpecialUse?) async throws(MailError) {
        let trimmed = name.hasSuffix(MailboxNames.separator) ? String(name.dropLast()) : name
        let name = try MailboxNames.validated(trimmed)
        try await syncList()
        guard name != MailboxList.inbox, list.entry(named: name) == nil else {
            throw MailError(.mailboxExists, "mailbox \(name) exists")
        }
        try await createMissingParents(of: name)
        try await write(refused: .mailboxExists) { [list, context] id throws(MailboxLogError) in
            try list.create(name, id: id, deriveID: context.mailboxID)
        }
        if let specialUse {
            try await write(refused: .noSuchMailbox) { [list] id throws(MailboxLogError) in
                try list.setSpecialUse(specialUse, of: name, id: id)
            }
        }
    }

    /// Removes the mailbox and all its data in storage (a delete beats every concurrent rename
    /// of the mailbox, so no name keeps pointing at it). Children keep existing. An APPEND racing
    /// with the delete is lost with the mailbox: the appender re-checks the list after its write
    /// and reclaims (docs/internals/mail-storage.md).
    public func deleteMailbox(_ name: String) async throws(MailError) {
        let name = MailboxNames.normalized(name)
        guard name != MailboxList.inbox else { throw MailError(.invalidOperation, "INBOX cannot be deleted") }
        try await syncList()
        guard let entry = list.entry(named: name) else { throw MailError(.noSuchMailbox, "no mailbox \(name)") }
        try await write(refused: .noSuchMailbox) { [list] id throws(MailboxLogError) in try list.delete(name, id: id) }
        try await reclaimIfGone(entry.mailbox)
    }

    /// Renames a mailbox and its children. INBOX is special (RFC 3501 6.3.5): its messages move
    /// to the new mailbox and INBOX stays, empty.
    public func renameMailbox(_ name: String, to newName: String) async throws(MailError) {
        let name = MailboxNames.normalized(name)
        let newName = try MailboxNames.validated(newName)
        try await syncList()
        guard newName != MailboxList.inbox, list.entry(named: newName) == nil else {
            throw MailError(.mailboxExists, "mailbox \(newName) exists")
        }
        guard let renamed = list.entry(named: name)?.mailbox else {
            throw MailError(.noSuchMailbox, "no mailbox \(name)")
        }
        guard !newName.hasPrefix(name + MailboxNames.separator) || name == MailboxList.inbox else {
            throw MailError(.invalidOperation, "cannot rename \(name) into its own child \(newName)")
        }
        if name == MailboxList.inbox {
            try await moveInbox(to: newName)
            return
        }
        try await createMissingParents(of: newName)
        let children = list.entries().filter { $0.name.hasPrefix(name + MailboxNames.separator) }
        try await write(refused: .noSuchMailbox) { [list] id throws(MailboxLogError) in
            try list.rename(name, to: newName, id: id)
        }
        for child in children {
            let childName = newName + child.name.dropFirst(name.count)
            try await write(refused: .mailboxExists) { [list] id throws(MailboxLogError) in
                try list.rename(child.name, to: childName, id: id)
            }
        }
        // A delete of the mailbox beats a concurrent rename (mailbox-list.md): say so rather
        // than report a name that the next LIST will not show.
        guard try await confirmLive(renamed) else {
            throw MailError(.noSuchMailbox, "mailbox \(name) was deleted by a concurrent DELETE")
        }
    }

    /// Works for names without a mailbox too, as IMAP allows.
    public func setSubscribed(_ name: String, _ subscribed: Bool) async throws(MailError) {
        let name = MailboxNames.normalized(name)
        try await syncList()
        try await write(refused: .invalidName) { [list] id throws(MailboxLogError) in
            try list.subscribe(name, subscribed, id: id)
        }
    }

    private func moveInbox(to newName: String) async throws(MailError) {
        try await createMailbox(newName, specialUse: nil)
        let inbox = try await mailbox(named: MailboxList.inbox)
        let target = try await mailbox(named: newName)
        let messages = try await inbox.sync().messages
        // In slices, so one huge INBOX is one bounded step after another.
        var start = 0
        while start < messages.count {
            let slice = Array(messages[start..<min(start + 500, messages.count)])
            _ = try await inbox.copy(slice, to: target, moving: true)
            _ = try await inbox.expunge(slice.map(\.messageID))
            start += slice.count
        }
    }

    private func createMissingParents(of name: String) async throws(MailError) {
        let parts = name.split(separator: Character(MailboxNames.separator), omittingEmptySubsequences: false)
        guard parts.count > 1 else { return }
        var prefix = ""
        for part in parts.dropLast() {
            prefix = prefix.isEmpty ? String(part) : prefix + MailboxNames.separator + part
            if prefix.uppercased() == MailboxList.inbox || list.entry(named: prefix) != nil { continue }
            try await write(refused: .mailboxExists) { [list, context, prefix] id throws(MailboxLogError) in
                try list.create(prefix, id: id, deriveID: context.mailboxID)
            }
        }
    }

    // MARK: - Storage of the list

    /// Reads list operations not seen yet and merges them.
    func syncList() async throws(MailError) {
        try await mailErrors {
            let partition = context.layout.listPartition
            var operations: [MailboxListOperation] = []
            var fetched: [String] = []
            for key in try await UserRows.allKeys(context.rows, partition: partition) where !knownListKeys.contains(key) {
                fetched.append(key)
                guard let value = try await context.userRows.get(partition: partition, sort: key) else { continue }
                do {
                    operations.append(try MailboxListOperation.decode(value))
                } catch {
                    context.logger.error(
                        "rejected mailbox list row", metadata: ["key": "\(key)", "error": "\(error)"])
                }
            }
            try list.merge(operations)
            knownListKeys.formUnion(fetched)
            for op in operations {
                listClock = listClock.receive(op.id.clock, physicalMillis: context.now())
            }
        }
    }

    /// Builds one list operation from the current list and stores it (durable) before merging.
    /// `refused` is the code for an operation the merged list refuses (a concurrent change
    /// made it invalid between the caller's check and the build).
    private func write(
        refused: MailError.Code,
        _ build: (OperationID) throws(MailboxLogError) -> MailboxListOperation
    ) async throws(MailError) {
        listClock = listClock.tick(physicalMillis: context.now())
        let id = OperationID(clock: listClock, writerID: context.service.writerID)
        let op: MailboxListOperation
        do {
            op = try build(id)
        } catch {
            throw MailError(error.code == .invalidOperation ? refused : .unavailable, error.message)
        }
        let sort = MailboxLogKeys.sortKey(id)
        try await mailErrors {
            try await context.userRows.put(partition: context.layout.listPartition, sort: sort, plaintext: op.encoded())
            try list.merge([op])
            knownListKeys.insert(sort)
        }
    }

    /// True when `mailbox` is live after a sync; otherwise reclaims its storage.
    func confirmLive(_ mailbox: MailboxID) async throws(MailError) -> Bool {
        try await syncList()
        if list.entries().contains(where: { $0.mailbox == mailbox }) { return true }
        try await reclaimIfGone(mailbox)
        return false
    }

    private func reclaimIfGone(_ mailbox: MailboxID) async throws(MailError) {
        guard !list.entries().contains(where: { $0.mailbox == mailbox }) else { return }
        // Not awaited: the caller may be that mailbox's quiet pack, which reclaims after it.
        await open[mailbox]?.stopQuietPacks(wait: false)
        open[mailbox] = nil
        let layout = MailboxLayout(storageID: context.layout.mailboxStorageID(mailbox))
        try await mailErrors {
            try await MailboxReclaimer(rows: context.rows, blobs: context.blobs, layout: layout).reclaim()
        }
        usage = nil
    }

    // MARK: - Quota

    /// Bytes the user's mail occupies in storage (sealed sizes: messages, metadata, queue).
    public func usedBytes() async throws(MailError) -> UInt64 {
        let now = context.now()
        if let usage, now >= usage.atMillis, now - usage.atMillis < Self.usageFreshnessMillis { return usage.bytes }
        let total = try await mailErrors {
            var total: UInt64 = 0
            for blob in try await context.blobs.all(prefix: context.layout.mailboxBlobPrefix) {
                total += UInt64(blob.size)
            }
            for blob in try await context.blobs.all(prefix: context.layout.incomingPrefix) { total += UInt64(blob.size) }
            return total
        }
        usage = (total, now)
        return total
    }

    /// Throws `.overQuota` when `adding` more bytes would pass the configured limit.
    func checkQuota(adding bytes: Int) async throws(MailError) {
        guard let quota = context.configuration.quotaBytes else { return }
        let used = try await usedBytes()
        guard used + UInt64(max(0, bytes)) <= quota else {
            throw MailError(.overQuota, "\(used) of \(quota) bytes used; \(bytes) more do not fit")
        }
    }

    func noteUsage(_ delta: Int) {
        guard let current = usage else { return }
        let bytes = delta >= 0 ? current.bytes + UInt64(delta) : current.bytes - min(current.bytes, UInt64(-delta))
        usage = (bytes, current.atMillis)
    }

    // MARK: - Lifetime

    /// Called by the service after the last session released the account.
    func close() async {
        // First: the import task and quiet packs write to the logs, whose stores may be parked below.
        await stopImportDriver()
        await stopQuietPacks()
        for mailbox in open.values {
            let log = mailbox.log
            if await log.unconfirmed != nil {
                context.service.parkedLogs.withLockedValue { $0[mailbox.storageID] = log }
            }
        }
        open = [:]
    }

    /// Runs every open mailbox's pending quiet pack now (the last session left).
    func packPendingNow() async {
        for mailbox in open.values { await mailbox.packNowIfPending() }
    }

    /// Graceful shutdown and `close()`: no quiet pack starts any more; running ones end first.
    func stopQuietPacks() async {
        for mailbox in open.values { await mailbox.stopQuietPacks() }
    }
}
