import NIOCore
import TernMIME
import TernStorage

/// Metadata of a list of messages, in the list's order (`Mailbox.metadataRecords(of:)`).
/// Storage errors surface as `MailError`.
public struct MessageMetadataSequence: AsyncSequence, Sendable {
    public typealias Element = (MailboxView.Message, MessageMetadata)

    let mailbox: Mailbox
    let messages: [MailboxView.Message]

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(mailbox: mailbox, messages: messages)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let mailbox: Mailbox
        let messages: [MailboxView.Message]
        var index = 0
        var catalog: SegmentCatalog?
        let reader: MetadataReader
        /// Per-message records read ahead (unpacked messages only), by metadata key; at most
        /// `lookahead` records, each under `MessageMetadata.maxEncodedBytes`.
        var prefetched: [String: ByteBuffer] = [:]

        init(mailbox: Mailbox, messages: [MailboxView.Message]) {
            self.mailbox = mailbox
            self.messages = messages
            self.reader = MetadataReader(blobs: mailbox.context.sealedBlobs, layout: mailbox.layout)
        }

        public mutating func next() async throws -> Element? {
            guard index < messages.count else { return nil }
            let message = messages[index]
            index += 1
            do {
                return (message, try await read(message, reload: false))
            } catch let error as StorageError where error.code == .notFound {
                // Packed or merged by another frontend since the catalog was read: read it again.
                do {
                    return (message, try await read(message, reload: true))
                } catch {
                    throw MailError.wrapping(error)
                }
            } catch {
                throw MailError.wrapping(error)
            }
        }

        private mutating func read(_ message: MailboxView.Message, reload: Bool) async throws -> MessageMetadata {
            if catalog == nil || reload { catalog = try await mailbox.segmentCatalog(reload: reload) }
            if let location = catalog?.locations[message.messageID] {
                return try MessageMetadata.decode(try await reader.record(at: location))
            }
            guard !message.metadataReference.isEmpty else {
                throw MailError(.unavailable, "message \(message.uid) has no metadata")
            }
            let key = String(decoding: message.metadataReference, as: UTF8.self)
            guard key.hasPrefix(mailbox.layout.blobPrefix) else {
                throw MailError(.invalidOperation, "message \(message.uid) is not stored in this mailbox")
            }
            if prefetched.isEmpty { prefetched = try await readAhead(from: index - 1) }
            if let record = prefetched.removeValue(forKey: key) { return try MessageMetadata.decode(record) }
            return try MessageMetadata.decode(try await reader.record(key: key))
        }

        /// Records not yet packed are one object each: on a distant store, read the next few of them
        /// at once rather than one round trip per message.
        static let lookahead = 16

        private func readAhead(from start: Int) async throws -> [String: ByteBuffer] {
            var keys: [String] = []
            var position = start
            while position < messages.count && keys.count < Self.lookahead {
                let message = messages[position]
                position += 1
                if catalog?.locations[message.messageID] != nil || message.metadataReference.isEmpty { continue }
                let key = String(decoding: message.metadataReference, as: UTF8.self)
                if key.hasPrefix(mailbox.layout.blobPrefix) { keys.append(key) }
            }
            let blobs = mailbox.context.sealedBlobs
            return try await withThrowingTaskGroup(of: (String, ByteBuffer?).self) { group in
                for key in keys {
                    group.addTask {
                        do {
                            return (key, try await blobs.getBytes(key, maxBytes: MessageMetadata.maxEncodedBytes))
                        } catch let error as StorageError where error.code == .notFound {
                            return (key, nil)  // packed meanwhile: the caller's catalog reload handles it
                        }
                    }
                }
                var records: [String: ByteBuffer] = [:]
                for try await (key, record) in group { if let record { records[key] = record } }
                return records
            }
        }
    }
}

/// `MessageMetadataSequence` reduced to the structures (what FETCH ENVELOPE/BODYSTRUCTURE need).
public struct MessageStructureSequence: AsyncSequence, Sendable {
    public typealias Element = (MailboxView.Message, MessageStructure)

    let records: MessageMetadataSequence

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: records.makeAsyncIterator()) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: MessageMetadataSequence.AsyncIterator

        public mutating func next() async throws -> Element? {
            guard let (message, metadata) = try await base.next() else { return nil }
            return (message, metadata.structure)
        }
    }
}
