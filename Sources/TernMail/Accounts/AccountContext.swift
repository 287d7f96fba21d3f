import Logging
import TernCrypto
import TernStorage

/// What an account and its mailboxes share: the unlocked keys, the stores, the configuration.
struct AccountContext: Sendable {
    let service: MailService
    let layout: StorageLayout
    let keys: UserKeys
    let login: String
    let userRows: UserRows
    /// Blobs sealed with the user's keys (messages, metadata, segments).
    let sealedBlobs: EncryptedBlobStore<ErasedBlobStore>
    /// Keyed ids only this user's key holder can compute (mailbox ids from names).
    let idHasher: StorageIdentifierHasher

    init(service: MailService, layout: StorageLayout, keys: UserKeys, login: String) throws(MailError) {
        self.service = service
        self.layout = layout
        self.keys = keys
        self.login = login
        self.userRows = UserRows(rows: service.rows, keys: keys)
        do {
            self.sealedBlobs = try EncryptedBlobStore(base: service.blobs, keys: keys)
        } catch {
            throw MailError.wrapping(error)
        }
        self.idHasher = keys.identifierHasher()
    }

    var rows: any RowStore { service.rows }
    var blobs: ErasedBlobStore { service.blobs }
    var configuration: MailServiceConfiguration { service.configuration }
    var logger: Logger { service.logger }
    func now() -> UInt64 { service.physicalMillis() }

    /// A mailbox id from (name, generation): same on every frontend of the user, opaque to storage.
    func mailboxID(name: String, generation: UInt64) -> MailboxID {
        let hex = Array(idHasher.identifier(for: "\(generation)\u{0}\(name)", purpose: "mailbox").utf8)
        return MailboxID(high: Self.parseHex(hex.prefix(16)), low: Self.parseHex(hex.dropFirst(16).prefix(16)))
    }

    private static func parseHex(_ digits: some Collection<UInt8>) -> UInt64 {
        MailboxLogKeys.parseHex16(ArraySlice(digits)) ?? 0
    }
}
