// swift-format-ignore-file: AmbiguousTrailingClosureOverload
// integrityErrors has a sync and an async twin, told apart by `await` as the standard library's pairs are.
import NIOCore
import TernCrypto

/// A `BlobStore` whose blobs are sealed with one user's keys before they reach `Base`
/// (docs/internals/crypto.md): bodies stream through the sealed chunk stream, one chunk in flight;
/// sizes and ranges are plaintext ones; a ranged read fetches only the chunks it touches.
///
/// Each blob is bound to its key (the key's UTF-8 bytes are the blob id), so an object moved or
/// copied to another key by anyone but this wrapper fails to open. Hence `copy` re-seals (it streams
/// the blob through the process); server-side copies of sealed objects are never valid.
///
/// Costs: a whole-blob `get` is one base GET; a ranged `get` starting in the first
/// `oneReadChunks` chunks is one too (from byte 0, so the preamble comes along), a later one two
/// (the 28-byte preamble, then the chunks); `head` reads the preamble instead of a HEAD. Listing sizes are computed with this
/// store's chunk size, so a prefix must not mix blobs written with another chunk size.
/// Crypto failures (tampered, truncated or misplaced objects) surface as `StorageError.integrity`.
public struct EncryptedBlobStore<Base: BlobStore>: BlobStore {
    public let base: Base
    private let keys: UserKeys
    private let layout: SealedStreamLayout

    public init(base: Base, keys: UserKeys, chunkSize: Int = SealedStreamHeader.defaultChunkSize) throws {
        guard (1...SealedStreamHeader.maxChunkSize).contains(chunkSize) else {
            throw StorageError(.invalidConfiguration, "sealed chunk size \(chunkSize) out of bounds")
        }
        self.base = base
        self.keys = keys
        self.layout = SealedStreamLayout(chunkSize: chunkSize, preambleLength: SealedBlobKind.user.preambleLength)
    }

    public var capabilities: StorageCapabilities { base.capabilities }

    public func put<Body: AsyncSequence & Sendable>(
        _ key: String,
        body: Body,
        length: Int,
        condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try StorageKey.validateBlobKey(key)
        guard length >= 0 else { throw StorageError(.invalidArgument, "negative blob length \(length)") }
        let sealer = try integrityErrors {
            try SealedBlob.sealer(keys: keys, blobID: Array(key.utf8), chunkSize: layout.chunkSize)
        }
        let sealed = ExactLengthSequence(base: body, length: length, key: key).sealed(with: sealer)
        try await integrityErrors {
            try await base.put(
                key,
                body: sealed,
                length: layout.ciphertextLength(plaintextLength: length),
                condition: condition
            )
        }
    }

    /// Ranges starting before this chunk are read with the preamble in one base GET: a header
    /// section or a small message's part is then one round trip, at the price of at most this many
    /// chunks read and dropped.
    static var oneReadChunks: Int { 4 }

    public func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try StorageKey.validateBlobKey(key)
        guard let range else { return try await getWhole(key) }
        if range.offset / layout.chunkSize < Self.oneReadChunks, let read = try await getFromStart(key, range: range) {
            return read
        }
        let (preamble, sealedSize) = try await readPreamble(key)
        let plaintextSize = try integrityErrors { try preamble.layout.plaintextLength(ciphertextLength: sealedSize) }
        let wanted = range.clamped(toSize: plaintextSize)
        let plan = preamble.layout.readPlan(plaintextRange: wanted, plaintextLength: plaintextSize)
        guard plan.keepBytes > 0 else {
            return BlobRead(size: plaintextSize, range: wanted, body: .empty)
        }
        let sealedRange = try BlobRange(offset: plan.ciphertextRange.lowerBound, length: plan.ciphertextRange.count)
        let read = try await base.get(key, range: sealedRange)
        guard read.size == sealedSize else {
            throw StorageError(.integrity, "blob \(key) changed size between reads")
        }
        let reader = SealedBodyReader(
            iterator: read.body.makeAsyncIterator(),
            leftover: ByteBuffer(),
            decryptor: BlobDecryptor(preamble: preamble, plan: plan)
        )
        return BlobRead(size: plaintextSize, range: wanted, body: reader.stream)
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        try StorageKey.validateBlobKey(key)
        let read: BlobRead
        do {
            read = try await base.get(key, range: try BlobRange(offset: 0, length: layout.preambleLength))
        } catch let error as StorageError where error.code == .notFound {
            return nil
        }
        let bytes = try await read.body.collect(upTo: layout.preambleLength)
        // Only the chunk size is needed: parse the header without keys (reads authenticate it).
        let size = try integrityErrors {
            let header = try SealedStreamHeader(parsing: bytes.readableBytesView)
            return try SealedStreamLayout(chunkSize: header.chunkSize, preambleLength: layout.preambleLength)
                .plaintextLength(ciphertextLength: read.size)
        }
        return BlobInfo(key: key, size: size)
    }

    public func copy(from source: String, to destination: String) async throws {
        try StorageKey.validateBlobKey(destination)
        let read = try await get(source, range: nil)
        try await put(destination, body: read.body, length: read.size, condition: .none)
    }

    public func delete(_ key: String) async throws {
        try await base.delete(key)
    }

    public func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        let page = try await base.list(prefix: prefix, startAfter: startAfter, limit: limit)
        let entries = try page.entries.map { entry in
            BlobInfo(
                key: entry.key,
                size: try integrityErrors { try layout.plaintextLength(ciphertextLength: entry.size) }
            )
        }
        return BlobListPage(entries: entries, nextStartAfter: page.nextStartAfter)
    }

    /// One GET from byte 0: the preamble comes off the front of the body, the rest streams on.
    private func getWhole(_ key: String) async throws -> BlobRead {
        let read = try await base.get(key, range: nil)
        var iterator = read.body.makeAsyncIterator()
        let (preamble, leftover) = try await takePreamble(from: &iterator, key: key)
        let plaintextSize = try integrityErrors { try preamble.layout.plaintextLength(ciphertextLength: read.size) }
        let plan = preamble.layout.wholeBlobPlan(plaintextLength: plaintextSize)
        let reader = SealedBodyReader(
            iterator: iterator,
            leftover: leftover,
            decryptor: BlobDecryptor(preamble: preamble, plan: plan)
        )
        return BlobRead(size: plaintextSize, range: 0..<plaintextSize, body: reader.stream)
    }

    /// A range near the start in one base GET from byte 0 through the chunks the range needs if the
    /// blob is at least that long. nil when the blob was sealed with another chunk size than this
    /// store's (the guess of which bytes to fetch was then wrong; the caller plans again).
    private func getFromStart(_ key: String, range: BlobRange) async throws -> BlobRead? {
        // The end of the chunk holding the range's last byte; Int.max (read to the end) when the range
        // runs to the end or so far that the arithmetic would overflow.
        var guessedEnd = Int.max
        if let length = range.length {
            guard length > 0 else { return nil }
            let (end, overflow) = range.offset.addingReportingOverflow(length)
            if !overflow {
                let chunks = (end - 1) / layout.chunkSize + 1
                let (bytes, tooLarge) = chunks.multipliedReportingOverflow(by: layout.sealedChunkSize)
                if !tooLarge, bytes <= Int.max - layout.preambleLength { guessedEnd = layout.preambleLength + bytes }
            }
        }
        let read = try await base.get(
            key, range: try BlobRange(offset: 0, length: guessedEnd == Int.max ? nil : guessedEnd))
        var iterator = read.body.makeAsyncIterator()
        let (preamble, leftover) = try await takePreamble(from: &iterator, key: key)
        guard preamble.layout == layout else { return nil }
        let plaintextSize = try integrityErrors { try layout.plaintextLength(ciphertextLength: read.size) }
        let wanted = range.clamped(toSize: plaintextSize)
        let plan = layout.readPlan(plaintextRange: wanted, plaintextLength: plaintextSize)
        guard plan.keepBytes > 0 else {
            return BlobRead(size: plaintextSize, range: wanted, body: .empty)
        }
        // The planned chunks lie inside what was fetched: the plan clamps to the blob, the guess did not.
        let reader = SealedBodyReader(
            iterator: iterator,
            leftover: leftover,
            decryptor: BlobDecryptor(preamble: preamble, plan: plan),
            skip: plan.ciphertextRange.lowerBound - layout.preambleLength,
            take: plan.ciphertextRange.count
        )
        return BlobRead(size: plaintextSize, range: wanted, body: reader.stream)
    }

    /// Reads the sealed preamble off the front of a body read from byte 0; returns it opened, with
    /// the bytes of the first buffer that followed it.
    private func takePreamble(
        from iterator: inout BlobByteStream.AsyncIterator, key: String
    ) async throws -> (OpenedPreamble, leftover: ByteBuffer) {
        var preambleBytes = ByteBuffer()
        var leftover = ByteBuffer()
        while preambleBytes.readableBytes < layout.preambleLength {
            guard var next = try await iterator.next() else {
                throw StorageError(.integrity, "blob \(key) ended inside its sealed preamble")
            }
            let take = min(layout.preambleLength - preambleBytes.readableBytes, next.readableBytes)
            if let slice = next.readSlice(length: take) { preambleBytes.writeImmutableBuffer(slice) }
            leftover = next
        }
        return (try openPreamble(preambleBytes, key: key), leftover)
    }

    private func readPreamble(_ key: String) async throws -> (OpenedPreamble, sealedSize: Int) {
        let read = try await base.get(key, range: try BlobRange(offset: 0, length: layout.preambleLength))
        let bytes = try await read.body.collect(upTo: layout.preambleLength)
        return (try openPreamble(bytes, key: key), read.size)
    }

    private func openPreamble(_ bytes: ByteBuffer, key: String) throws -> OpenedPreamble {
        try integrityErrors {
            try SealedBlob.openPreamble(bytes.readableBytesView, kind: .user, keys: keys, blobID: Array(key.utf8))
        }
    }
}

/// Runs `body`, turning TernCrypto's errors into `StorageError.integrity`: to a storage caller, a
/// blob that fails to authenticate is corrupt data.
func integrityErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as TernCryptoError {
        throw StorageError(.integrity, "sealed blob: \(error.message)")
    }
}

func integrityErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as TernCryptoError {
        throw StorageError(.integrity, "sealed blob: \(error.message)")
    }
}
