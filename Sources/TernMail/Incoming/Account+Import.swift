import NIOCore
import TernCrypto
import TernStorage

extension Account {
    /// The row partition LMTP deliveries land in: IDLE on INBOX waits on it
    /// (`MailboxWakeRegistry.wait(partition:after:)`) and imports on wake.
    public nonisolated var incomingPartition: String { context.layout.incomingPartition }

    /// Imports every complete message of the incoming queue into INBOX; returns how many this
    /// call added. Exactly once, even when frontends race: an import's blob and metadata keys are
    /// derived from its queue id, the import is skipped when INBOX already shows that blob, and
    /// two concurrent imports of one message are one message in every frontend's view
    /// (`MailboxState.view`). The queue entry is deleted only after the append is durable.
    public func importIncoming() async throws(MailError) -> Int {
        guard !importing else { return 0 }
        importing = true
        defer { importing = false }
        let partition = context.layout.incomingPartition
        let ids = try await mailErrors { try await UserRows.allKeys(context.rows, partition: partition) }
        guard !ids.isEmpty else { return 0 }
        let inbox = try await mailbox(named: MailboxList.inbox)
        _ = try await inbox.sync()
        let present = await inbox.log.state.importReferences()
        var imported = 0
        for id in ids {
            let target = inbox.layout.importedMessageKey(id)
            if !present.contains(Array(target.utf8)) {
                guard let record = try await incomingRecord(id) else { continue }
                do {
                    _ = try await inbox.importMessage(
                        IncomingBody.stream(context: context, id: id, partCount: record.partCount), size: record.size,
                        incomingID: id)
                    imported += 1
                } catch let error where Self.isGone(error) {
                    // Another frontend imported it and emptied the queue entry meanwhile.
                    continue
                }
            }
            try await mailErrors {
                if let record = try await incomingRecord(id) {
                    for part in 0..<record.partCount {
                        try await context.blobs.delete(context.layout.incomingPartKey(id, part: part))
                    }
                }
                try await context.rows.delete(partition: partition, sort: id)
            }
        }
        return imported
    }

    private func incomingRecord(_ id: String) async throws(MailError) -> IncomingRecord? {
        let partition = context.layout.incomingPartition
        return try await mailErrors {
            guard let sealed = try await context.rows.get(partition: partition, sort: id) else { return nil }
            return try IncomingRecord.open(sealed, keys: context.keys, partition: partition, sort: id)
        }
    }

    private static func isGone(_ error: MailError) -> Bool {
        error.code == .invalidOperation && error.message.hasPrefix("stored object is gone")
    }
}

extension Mailbox {
    /// Appends an incoming message under its deterministic keys (see `Account.importIncoming`).
    func importMessage(_ body: BlobByteStream, size: Int, incomingID: String) async throws(MailError) -> AppendResult {
        try await ingest(
            body, size: size, messageID: Self.randomMessageID(), blobKey: layout.importedMessageKey(incomingID),
            metadataKey: layout.importedMetadataKey(incomingID), flags: [],
            internalDateMillis: IncomingRecord.deliveryMillis(of: incomingID), onlyIfAbsent: true)
    }
}

/// The plaintext of a queued message: its parts in order, each opened with the user's private key.
enum IncomingBody {
    static func stream(context: AccountContext, id: String, partCount: Int) -> BlobByteStream {
        BlobByteStream(makeNext: {
            var part = 0
            var current: OpeningSequence<BlobByteStream>.AsyncIterator?
            return {
                while true {
                    if var iterator = current {
                        let chunk = try await iterator.next()
                        current = iterator
                        if let chunk { return chunk }
                        current = nil
                    }
                    guard part < partCount else { return nil }
                    let key = context.layout.incomingPartKey(id, part: part)
                    part += 1
                    let read = try await context.blobs.get(key, range: nil)
                    let decryptor = BlobDecryptor(kind: .recipient, keys: context.keys, blobID: Array(key.utf8))
                    current = read.body.opened(with: decryptor).makeAsyncIterator()
                }
            }
        })
    }
}
