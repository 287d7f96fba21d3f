import NIOCore
import TernCrypto
import TernStorage

/// The storage side of idempotent delivery: reading and writing a copy's `DeliveryMarker`, the
/// reads `DeliveryRetryCheck` asks for, and the sweep of expired markers.
extension MailService {
    /// What committing one copy came to.
    enum CopyCommit: Sendable {
        /// This attempt's queue row is written.
        case stored(DeliveryReceipt)
        /// An earlier attempt of the same delivery got through: this one's parts go.
        case retryOf(DeliveryReceipt)
        /// Nothing of this attempt is visible. `keepParts` when its marker may still name it and
        /// could not be removed: its parts then stay, so a retry does not take it for imported.
        case failed(MailError, keepParts: Bool)
    }

    /// Writes the copy's marker, then its queue row; a retry of an attempt that got through is
    /// answered with that attempt's id instead. With a window of 0, only the row.
    func commitCopy(_ copy: IncomingCopy, contentHash: [UInt8], size: Int) async -> CopyCommit {
        let window = configuration.deliveryRetryWindowMillis
        guard window > 0 else {
            do {
                try await writeQueueRow(copy, size: size)
                return .stored(copy.receipt(size: size))
            } catch {
                return .failed(MailError.wrapping(error), keepParts: false)
            }
        }
        guard let hasher else { return .failed(MailError(.invalidOperation, "no deployment secret"), keepParts: false) }
        let partition = copy.layout.deliveryMarkerPartition
        let sort = DeliveryMarker.digest(
            hasher: hasher, login: Self.normalized(copy.login), contentHash: contentHash, occurrence: copy.occurrence)
        let now = physicalMillis()
        do {
            if let earlier = try await earlierAttempt(
                copy, partition: partition, sort: sort, hasher: hasher, check: DeliveryRetryCheck(nowMillis: now, windowMillis: window))
            {
                logger.info(
                    "delivery repeats one that got through; answered with it",
                    metadata: ["incoming": "\(earlier)", "attempt": "\(copy.id)"])
                return .retryOf(DeliveryReceipt(incomingID: earlier, size: size, sealedBytes: 0))
            }
        } catch {
            return .failed(MailError.wrapping(error), keepParts: false)
        }
        let marker = DeliveryMarker(incomingID: copy.id, writtenMillis: now)
        do {
            try await rows.put(
                partition: partition, sort: sort, value: marker.encoded(hasher: hasher, partition: partition, sort: sort))
            try await writeQueueRow(copy, size: size)
            return .stored(copy.receipt(size: size))
        } catch {
            // The marker (if written) names an attempt that will not be queued. It goes before
            // the parts: with parts gone and the marker left, a retry would take this attempt
            // for imported and drop the message.
            do {
                try await rows.delete(partition: partition, sort: sort)
                return .failed(MailError.wrapping(error), keepParts: false)
            } catch {
                return .failed(MailError.wrapping(error), keepParts: true)
            }
        }
    }

    /// The id of an earlier attempt of this copy's delivery that got through, or nil.
    private func earlierAttempt(
        _ copy: IncomingCopy, partition: String, sort: String, hasher: StorageIdentifierHasher,
        check: DeliveryRetryCheck
    ) async throws -> String? {
        var check = check
        func readMarker() async throws -> DeliveryMarker? {
            guard let value = try await rows.get(partition: partition, sort: sort) else { return nil }
            let marker = DeliveryMarker.decode(value, hasher: hasher, partition: partition, sort: sort)
            if marker == nil { logger.warning("delivery marker fails its check; ignored", metadata: ["row": "\(sort)"]) }
            return marker
        }
        var action = check.markerRead(try await readMarker())
        while true {
            switch action {
            case .readQueueRow(let id):
                let row = try await rows.get(partition: copy.layout.incomingPartition, sort: id)
                action = check.queueRowRead(exists: row != nil)
            case .readFirstPart(let id):
                let part = try await blobs.head(copy.layout.incomingPartKey(id, part: 0))
                action = check.firstPartRead(exists: part != nil)
            case .rereadMarker:
                action = check.markerReread(try await readMarker())
            case .deliver:
                return nil
            case .duplicate(let id):
                return id
            }
        }
    }

    private func writeQueueRow(_ copy: IncomingCopy, size: Int) async throws {
        let record = IncomingRecord(partCount: copy.partsStarted, size: size)
        let partition = copy.layout.incomingPartition
        try await rows.put(
            partition: partition, sort: copy.id, value: try record.sealed(to: copy.recipient, partition: partition, sort: copy.id))
    }

    /// Deletes the markers older than the window among the (at most `limit`) rows after `after`;
    /// returns where the next sweep starts (nil: from the beginning). Markers need no user key,
    /// so any process can sweep; an import pass does, a page at a time.
    func sweepDeliveryMarkers(_ layout: StorageLayout, after: String?, limit: Int) async throws -> String? {
        guard let hasher else { return nil }
        let partition = layout.deliveryMarkerPartition
        let page = try await rows.list(partition: partition, after: after, limit: min(max(1, limit), StorageKey.maxListLimit))
        let now = physicalMillis()
        let window = configuration.deliveryRetryWindowMillis
        for row in page.rows {
            let marker = DeliveryMarker.decode(row.value, hasher: hasher, partition: partition, sort: row.sort)
            // A marker that fails its check protects nothing; one from the future is kept.
            if let marker, marker.isCurrent(nowMillis: now, windowMillis: window) { continue }
            try await rows.delete(partition: partition, sort: row.sort)
        }
        return page.nextAfter
    }
}

extension IncomingCopy {
    func receipt(size: Int) -> DeliveryReceipt { DeliveryReceipt(incomingID: id, size: size, sealedBytes: sealedBytes) }
}
