import NIOCore
import TernStorage

/// Reads metadata records one after another, from per-message objects or from segments. A
/// segment stays open while the records asked for lie ahead of the read position (skipping at
/// most `maxSkipBytes`), so records in segment order cost one ranged read per segment.
/// Holds one sealed chunk and one record. Not thread-safe: one per iteration.
final class MetadataReader {
    static let maxSkipBytes = 256 * 1024

    private let blobs: EncryptedBlobStore<ErasedBlobStore>
    private let layout: MailboxLayout
    private var open: (segment: String, iterator: BlobByteStream.AsyncIterator, buffer: ByteBuffer, position: Int)?

    init(blobs: EncryptedBlobStore<ErasedBlobStore>, layout: MailboxLayout) {
        self.blobs = blobs
        self.layout = layout
    }

    /// The record at `location`; throws `StorageError.notFound` if its segment is gone.
    func record(at location: SegmentCatalog.Location) async throws -> ByteBuffer {
        guard location.length <= MessageMetadata.maxEncodedBytes else {
            throw MailError(.unavailable, "metadata record of \(location.length) bytes")
        }
        if let current = open, current.segment == location.segment, current.position <= location.offset,
            location.offset - current.position <= Self.maxSkipBytes
        {
        } else {
            let key = layout.segmentKey(location.segment)
            let range = location.offset == 0 ? nil : try BlobRange(offset: location.offset)
            let read = try await blobs.get(key, range: range)
            open = (location.segment, read.body.makeAsyncIterator(), ByteBuffer(), location.offset)
        }
        guard var current = open else { throw MailError(.unavailable, "metadata segment is not open") }
        open = nil
        // Skip to the record, then collect it.
        var skip = location.offset - current.position
        var record = ByteBuffer()
        while skip > 0 || record.readableBytes < location.length {
            if current.buffer.readableBytes == 0 {
                guard let next = try await current.iterator.next() else {
                    throw MailError(.unavailable, "metadata segment \(location.segment) ends early")
                }
                current.buffer = next
                continue
            }
            if skip > 0 {
                let step = min(skip, current.buffer.readableBytes)
                current.buffer.moveReaderIndex(forwardBy: step)
                current.position += step
                skip -= step
                continue
            }
            if record.readableBytes == 0, let whole = current.buffer.readSlice(length: location.length) {
                // The whole record lies in this chunk (the usual case): share its bytes, no copy.
                record = whole
                current.position += location.length
                break
            }
            let take = min(location.length - record.readableBytes, current.buffer.readableBytes)
            if let slice = current.buffer.readSlice(length: take) { record.writeImmutableBuffer(slice) }
            current.position += take
        }
        open = current
        return record
    }

    /// A per-message metadata object, read whole.
    func record(key: String) async throws -> ByteBuffer {
        try await blobs.getBytes(key, maxBytes: MessageMetadata.maxEncodedBytes)
    }
}
