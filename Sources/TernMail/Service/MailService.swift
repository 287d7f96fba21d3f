import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import TernCrypto
import TernStorage

/// The mail domain of one process: users' keys, accounts shared by all sessions of a user, and
/// delivery into the incoming queue. Any number of processes may run on one storage, each with
/// its own `writerSlot` (docs/internals/mail-storage.md), claimed through storage by `SlotClaimer` when the
/// server starts.
public final class MailService: Sendable {
    public static let wallClock: @Sendable () -> UInt64 = {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    public let wakeRegistry: MailboxWakeRegistry
    let rows: any RowStore
    let blobs: ErasedBlobStore
    let configuration: MailServiceConfiguration
    let physicalMillis: @Sendable () -> UInt64
    let logger: Logger
    /// nil only for a configuration built around its validation (secret too short).
    let hasher: StorageIdentifierHasher?
    /// Writer id of this process's log operations: the incarnation, fresh per start.
    let writerID: UInt64
    /// Closed when this process must not write (another live holder of its slot); nil in tests.
    let writeGate: WriteGate?
    let accounts = NIOLockedValueBox<[String: AccountSlot]>([:])
    /// Log stores whose last write is unconfirmed, kept past their account's release so the same
    /// writer retries it before anything else (a new writer would reuse its UID slot).
    let parkedLogs = NIOLockedValueBox<[String: MailboxLogStore]>([:])
    /// Set by `stopBackgroundWork`: no mailbox schedules a quiet pack any more.
    private let backgroundStopped = NIOLockedValueBox(false)

    struct AccountSlot {
        let account: Account
        var references: Int
    }

    public init(
        rows: any RowStore,
        blobs: any BlobStore,
        configuration: MailServiceConfiguration,
        physicalMillis: @escaping @Sendable () -> UInt64 = MailService.wallClock,
        logger: Logger = Logger(label: "tern.mail"),
        incarnation: UInt64 = UInt64.random(in: 1...UInt64.max),
        writeGate: WriteGate? = nil
    ) {
        self.rows = writeGate.map { GatedRowStore(base: rows, gate: $0) } ?? rows
        self.writeGate = writeGate
        self.blobs = ErasedBlobStore(base: blobs)
        self.configuration = configuration
        self.physicalMillis = physicalMillis
        self.logger = logger
        self.hasher = try? StorageIdentifierHasher(deploymentSecret: configuration.deploymentSecret)
        self.writerID = incarnation
        self.wakeRegistry = MailboxWakeRegistry(rows: rows)
    }

    // MARK: - Users

    /// Creates the user's keys (wrapped with `password`); mailboxes appear on first use.
    public func createUser(login: String, password: String) async throws(MailError) {
        let layout = try layout(for: login)
        try await mailErrors {
            if try await rows.get(partition: layout.userPartition, sort: StorageLayout.keysSort) != nil {
                throw MailError(.userExists, "user \(login) exists")
            }
            let wrapped = try UserKeys.generate().wrap(password: password, parameters: configuration.kdf)
            do {
                try await rows.put(
                    partition: layout.userPartition, sort: StorageLayout.keysSort,
                    value: ByteBuffer(bytes: wrapped.serialized), condition: .ifAbsent)
            } catch let error as StorageError where error.code == .alreadyExists {
                // Another process created the user between the read above and this write.
                throw MailError(.userExists, "user \(login) exists")
            }
        }
    }

    public func userExists(login: String) async throws(MailError) -> Bool {
        let layout = try layout(for: login)
        return try await mailErrors { try await wrappedKeys(layout) != nil }
    }

    /// Rewraps the keys: one small write, all mail stays readable.
    public func changePassword(login: String, oldPassword: String, newPassword: String) async throws(MailError) {
        let layout = try layout(for: login)
        try await mailErrors {
            guard let wrapped = try await wrappedKeys(layout) else { throw MailError(.noSuchUser, "no user \(login)") }
            let rewrapped: WrappedUserKeys
            do {
                rewrapped = try wrapped.rewrap(
                    oldPassword: oldPassword, newPassword: newPassword, parameters: configuration.kdf)
            } catch {
                throw MailError(.authenticationFailed, "old password does not unlock the keys of \(login)")
            }
            try await rows.put(
                partition: layout.userPartition, sort: StorageLayout.keysSort, value: ByteBuffer(bytes: rewrapped.serialized))
        }
    }

    /// Admin reset without the old password. Mail is encrypted under keys only the password
    /// unwraps, so a reset cannot keep it: it deletes the user's mail and creates fresh keys.
    /// (Use `changePassword` whenever the old password is known.)
    public func resetPassword(login: String, newPassword: String) async throws(MailError) {
        try await deleteUser(login: login)
        try await createUser(login: login, password: newPassword)
    }

    /// Deletes the keys and every object of the user (mailboxes, messages, incoming queue).
    /// Needs no password: everything is found by the user's storage id.
    public func deleteUser(login: String) async throws(MailError) {
        let layout = try layout(for: login)
        try await mailErrors {
            guard try await wrappedKeys(layout) != nil else { throw MailError(.noSuchUser, "no user \(login)") }
            for storageID in try await UserRows.allKeys(rows, partition: layout.mailboxRegistryPartition) {
                try await MailboxReclaimer(rows: rows, blobs: blobs, layout: MailboxLayout(storageID: storageID))
                    .reclaim()
                try await rows.delete(partition: layout.mailboxRegistryPartition, sort: storageID)
            }
            for blob in try await blobs.all(prefix: layout.mailboxBlobPrefix) { try await blobs.delete(blob.key) }
            for blob in try await blobs.all(prefix: layout.incomingPrefix) { try await blobs.delete(blob.key) }
            try await UserRows.deleteAll(rows, partition: layout.incomingPartition)
            try await UserRows.deleteAll(rows, partition: layout.deliveryMarkerPartition)
            try await UserRows.deleteAll(rows, partition: layout.listPartition)
            try await rows.delete(partition: layout.userPartition, sort: StorageLayout.keysSort)
        }
    }

    // MARK: - Accounts

    /// Unlocks the user's keys. Every session of one login in this process gets the same
    /// `Account` until the last one calls `release`.
    public func openAccount(login: String, password: String) async throws(MailError) -> Account {
        let layout = try layout(for: login)
        let keys: UserKeys = try await mailErrors {
            guard let wrapped = try await wrappedKeys(layout) else { throw MailError(.noSuchUser, "no user \(login)") }
            do {
                return try wrapped.unwrap(password: password)
            } catch {
                throw MailError(.authenticationFailed, "password does not unlock the keys of \(login)")
            }
        }
        return try adopt(AccountContext(service: self, layout: layout, keys: keys, login: login))
    }

    /// The open account of the context's login, or a new one built on `context`; counts a reference.
    func adopt(_ context: AccountContext) throws(MailError) -> Account {
        let key = Self.normalized(context.login)
        let candidate = try Account(login: context.login, context: context)
        return accounts.withLockedValue { accounts in
            if var slot = accounts[key] {
                slot.references += 1
                accounts[key] = slot
                return slot.account
            }
            accounts[key] = AccountSlot(account: candidate, references: 1)
            return candidate
        }
    }

    public func release(_ account: Account) async {
        let key = Self.normalized(account.login)
        let last = accounts.withLockedValue { accounts -> Bool in
            guard var slot = accounts[key], slot.account === account else { return false }
            slot.references -= 1
            accounts[key] = slot
            return slot.references == 0
        }
        guard last else { return }
        // The account's import task writes INBOX's log. It ends while the account is still the
        // one a new session of the user gets, so no second log store of this process's writer
        // is ever opened beside a write in flight (it could reuse a sequence number).
        await account.cancelImportTask()
        // Then the newest messages' metadata is packed before the account goes (and with it the
        // mailboxes' pending quiet packs), so the next login reads it packed.
        await account.packPendingNow()
        let gone = accounts.withLockedValue { accounts -> Bool in
            guard let slot = accounts[key], slot.account === account, slot.references == 0 else { return false }
            accounts[key] = nil
            return true
        }
        if gone { await account.close() }
    }

    /// For graceful shutdown, once the sessions have gone and before storage stops: ends the import task of every
    /// account still open (what a task committed stays, the rest stays queued for the next process) and lets no
    /// account start another; waits for quiet packs already packing and starts no more (what is not packed stays in
    /// per-message objects), so no background work writes to a storage that is shutting down.
    public func stopBackgroundWork() async {
        backgroundStopped.withLockedValue { $0 = true }
        let open = accounts.withLockedValue { $0.values.map(\.account) }
        for account in open {
            await account.stopImportDriver()
            await account.stopQuietPacks()
        }
    }

    var backgroundWorkStopped: Bool { backgroundStopped.withLockedValue { $0 } }

    /// Accounts open in this process (for tests and metrics).
    public var openAccountCount: Int { accounts.withLockedValue { $0.count } }

    // MARK: - Helpers

    static func normalized(_ login: String) -> String { login.lowercased() }

    func layout(for login: String) throws(MailError) -> StorageLayout {
        guard let hasher else { throw MailError(.invalidOperation, "deployment secret is shorter than 16 bytes") }
        guard !login.isEmpty, login.utf8.count <= 512 else { throw MailError(.noSuchUser, "invalid login") }
        return StorageLayout(userID: hasher.identifier(for: Self.normalized(login), purpose: "user"))
    }

    func wrappedKeys(_ layout: StorageLayout) async throws -> WrappedUserKeys? {
        guard let bytes = try await rows.get(partition: layout.userPartition, sort: StorageLayout.keysSort) else {
            return nil
        }
        return try WrappedUserKeys(serialized: bytes.readableBytesView)
    }
}
