import NIOCore
import TernCrypto
import TernStorage

extension MailService {
    /// Stores a message for `login` in the incoming queue, sealed to the user's public key (no
    /// password needed). Durable when it returns. See `deliver(to:message:concurrentWrites:)`.
    public func deliver<Message: AsyncSequence & Sendable>(
        to login: String, message: Message
    ) async throws(MailError) -> DeliveryReceipt where Message.Element == ByteBuffer {
        let results = await deliver(to: [DeliveryTarget(login: login)], message: message, concurrentWrites: 1)
        return try results[0].get()
    }

    /// Stores one message for every target in their incoming queues, each copy sealed to its user's public key,
    /// reading `message` once. Result `i` is for `targets[i]`; a success is durable (its queue row is written),
    /// a failure left nothing behind (but parts it could not safely delete, see `CopyCommit.failed`).
    ///
    /// Idempotent for retries: a copy whose bytes this user already received within
    /// `deliveryRetryWindowMillis`, from an attempt that got queued or imported, is not stored again; its
    /// receipt names that attempt (`MailService+DeliveryRetry.swift`, docs/internals/lmtp-and-auth.md).
    ///
    /// Memory does not grow with the number of targets or the message size: the message is cut into parts of
    /// `incomingPartBytes`, one part is held at a time (shared by every copy), and it is sealed and written for at
    /// most `concurrentWrites` targets at once, each holding one sealed part. So at most
    /// `(1 + concurrentWrites) * incomingPartBytes` (plus seal overhead) whether there is one recipient or a hundred.
    /// `message` is not read while a part is being written: back-pressure reaches the sender.
    public func deliver<Message: AsyncSequence & Sendable>(
        to targets: [DeliveryTarget], message: Message, concurrentWrites: Int = 4
    ) async -> [Result<DeliveryReceipt, MailError>] where Message.Element == ByteBuffer {
        var run = FanOut(count: targets.count)
        var seen: [String: Int] = [:]
        let occurrences = targets.map { target in
            let login = Self.normalized(target.login)
            defer { seen[login, default: 0] += 1 }
            return seen[login, default: 0]
        }
        let prepared = await boundedMap(Array(targets.indices), limit: concurrentWrites) { index in
            try await self.prepareCopy(targets[index], occurrence: occurrences[index])
        }
        for (index, result) in prepared {
            switch result {
            case .success(let copy): run.copies[index] = copy
            case .failure(let error): run.failures[index] = MailError.wrapping(error)
            }
        }
        var part = ByteBuffer()
        var size = 0
        // One hash of the plaintext for every copy: the key of each copy's retry marker.
        var contentHash = ContentHash()
        do {
            reading: for try await var chunk in message {
                // Every copy failed (at preparation or a write): nothing more to store. The caller's sequence sees
                // its reader leave.
                guard run.hasLiveCopies else { break reading }
                size += chunk.readableBytes
                guard size <= configuration.maxMessageBytes else {
                    throw MailError(.tooLarge, "message exceeds \(configuration.maxMessageBytes) bytes")
                }
                contentHash.update(chunk)
                while chunk.readableBytes > 0 {
                    let take = min(configuration.incomingPartBytes - part.readableBytes, chunk.readableBytes)
                    if let slice = chunk.readSlice(length: take) { part.writeImmutableBuffer(slice) }
                    if part.readableBytes == configuration.incomingPartBytes {
                        await writePart(part, &run, concurrentWrites: concurrentWrites)
                        // A new buffer, not `clear()`: the writes may still share the old one's storage.
                        part = ByteBuffer()
                    }
                }
            }
            if run.hasLiveCopies, part.readableBytes > 0 || run.copies.contains(where: { $0?.partsStarted == 0 }) {
                await writePart(part, &run, concurrentWrites: concurrentWrites)
            }
            await commit(&run, size: size, contentHash: contentHash.finalize(), concurrentWrites: concurrentWrites)
        } catch {
            run.failAll(MailError.wrapping(error))
        }
        await deleteParts(of: run.abandoned)
        return targets.indices.map { index in
            if let receipt = run.receipts[index] { return .success(receipt) }
            return .failure(run.failures[index] ?? MailError(.unavailable, "delivery did not complete"))
        }
    }

    /// The configured quota in sealed bytes, or nil when there is none.
    public var quotaBytes: UInt64? { configuration.quotaBytes }

    /// Sealed bytes `login` occupies (messages, metadata, queue), counted from object sizes: no password needed.
    /// Lists every object of the user, so callers that ask often keep the answer (see LMTP's usage cache).
    public func storedBytes(login: String) async throws(MailError) -> UInt64 {
        let layout = try layout(for: login)
        return try await mailErrors { try await storedBytes(layout) }
    }

    /// Sealed bytes under the user's prefixes (messages, metadata, queue); needs no keys.
    func storedBytes(_ layout: StorageLayout) async throws -> UInt64 {
        guard configuration.quotaBytes != nil else { return 0 }
        var total: UInt64 = 0
        for blob in try await blobs.all(prefix: layout.mailboxBlobPrefix) { total += UInt64(blob.size) }
        for blob in try await blobs.all(prefix: layout.incomingPrefix) { total += UInt64(blob.size) }
        return total
    }

    // MARK: - Steps

    private func prepareCopy(_ target: DeliveryTarget, occurrence: Int) async throws -> IncomingCopy {
        let layout = try layout(for: target.login)
        guard let wrapped = try await wrappedKeys(layout) else {
            throw MailError(.noSuchUser, "no user \(target.login)")
        }
        var used: UInt64 = 0
        if let quota = configuration.quotaBytes {
            if let known = target.knownUsage { used = known } else { used = try await storedBytes(layout) }
            guard used < quota else { throw MailError(.overQuota, "\(target.login) uses \(used) of \(quota) bytes") }
        }
        return IncomingCopy(
            login: target.login, layout: layout, id: IncomingRecord.newID(nowMillis: physicalMillis()),
            recipient: wrapped.publicKey, used: used, occurrence: occurrence)
    }

    /// Seals `part` for every live copy (at most `concurrentWrites` at once) and writes it as the copy's next part.
    private func writePart(_ part: ByteBuffer, _ run: inout FanOut, concurrentWrites: Int) async {
        let live = run.liveIndices
        for index in live { run.copies[index]?.partsStarted += 1 }
        let copies = run.copies
        let blobs = self.blobs
        let results = await boundedMap(live, limit: concurrentWrites) { index in
            let copy = copies[index]!
            let key = copy.layout.incomingPartKey(copy.id, part: copy.partsStarted - 1)
            let sealer = try SealedBlob.sealer(recipient: copy.recipient, blobID: Array(key.utf8))
            let sealed = try SealedBlob.seal(part, with: sealer)
            try await blobs.put(key, bytes: sealed)
            return sealed.readableBytes
        }
        for (index, result) in results {
            switch result {
            case .success(let bytes): run.copies[index]?.sealedBytes += bytes
            case .failure(let error): run.fail(index, MailError.wrapping(error))
            }
        }
    }

    /// The last checks, then per copy its marker and the queue row that makes it visible (and durable) for its
    /// user, or the receipt of an earlier attempt of the same delivery that got through.
    private func commit(_ run: inout FanOut, size: Int, contentHash: [UInt8], concurrentWrites: Int) async {
        if let quota = configuration.quotaBytes {
            for index in run.liveIndices {
                guard let copy = run.copies[index], copy.used + UInt64(size) > quota else { continue }
                run.fail(index, MailError(.overQuota, "\(copy.login) uses \(copy.used) of \(quota) bytes; \(size) more do not fit"))
            }
        }
        let copies = run.copies
        let results = await boundedMap(run.liveIndices, limit: concurrentWrites) { index in
            await self.commitCopy(copies[index]!, contentHash: contentHash, size: size)
        }
        for (index, result) in results {
            switch result {
            case .success(.stored(let receipt)):
                run.receipts[index] = receipt
                run.copies[index] = nil
            case .success(.retryOf(let receipt)): run.answerAsRetry(index, receipt)
            case .success(.failed(let error, let keepParts)): run.fail(index, error, keepParts: keepParts)
            case .failure(let error): run.fail(index, MailError.wrapping(error))
            }
        }
    }

    private func deleteParts(of copies: [IncomingCopy]) async {
        for copy in copies {
            await copy.partKeys { key in try? await blobs.delete(key) }
        }
    }
}

/// The state of one fan-out delivery: per target, a live copy, a receipt or a failure.
private struct FanOut {
    var copies: [IncomingCopy?]
    var failures: [MailError?]
    var receipts: [DeliveryReceipt?]
    /// Copies whose parts must be deleted (failed, or answered by an earlier attempt).
    var abandoned: [IncomingCopy] = []

    init(count: Int) {
        copies = Array(repeating: nil, count: count)
        failures = Array(repeating: nil, count: count)
        receipts = Array(repeating: nil, count: count)
    }

    var liveIndices: [Int] { copies.indices.filter { copies[$0] != nil } }
    var hasLiveCopies: Bool { copies.contains { $0 != nil } }

    mutating func fail(_ index: Int, _ error: MailError, keepParts: Bool = false) {
        guard let copy = copies[index] else { return }
        if !keepParts { abandoned.append(copy) }
        copies[index] = nil
        failures[index] = error
    }

    /// An earlier attempt stored this copy: answer with it and delete this attempt's parts.
    mutating func answerAsRetry(_ index: Int, _ receipt: DeliveryReceipt) {
        guard let copy = copies[index] else { return }
        abandoned.append(copy)
        copies[index] = nil
        receipts[index] = receipt
    }

    mutating func failAll(_ error: MailError) {
        for index in liveIndices { fail(index, error) }
    }
}
