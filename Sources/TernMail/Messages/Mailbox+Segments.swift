import NIOCore
import TernStorage

/// Packing per-message metadata objects into segments (docs/internals/mail-storage.md).
extension Mailbox {
    /// Segments in use beyond which a pack merges everything live into new segments.
    static let maxSegments = 4

    /// The catalog of packed metadata, read once per mailbox object (and again on `reload`).
    func segmentCatalog(reload: Bool) async throws -> SegmentCatalog {
        if let catalog, !reload { return catalog }
        var loaded = SegmentCatalog()
        let partition = layout.segmentPartition
        for name in try await UserRows.allKeys(context.rows, partition: partition) {
            guard let value = try await context.userRows.get(partition: partition, sort: name) else { continue }
            loaded.add(segment: name, entries: try SegmentCatalog.decode(value))
        }
        catalog = loaded
        return loaded
    }

    /// The metadata of one message (COPY carries it over instead of re-scanning).
    func metadataRecord(of message: MailboxView.Message) async throws(MailError) -> MessageMetadata? {
        var iterator = metadataRecords(of: [message]).makeAsyncIterator()
        do {
            return try await iterator.next()?.1
        } catch {
            throw MailError.wrapping(error)
        }
    }

    /// Packs all metadata into as few segments as the live messages need, writes a log
    /// checkpoint and compacts the log rows it covers (past the grace period). Run at quiet times; appends also pack by themselves every `packThreshold`
    /// messages (into at most `maxSegments` segments).
    public func checkpoint() async throws(MailError) {
        uncheckpointedWrites = 0
        try await pack(compact: true)
        _ = try await mailErrors {
            try await log.writeCheckpoint()
            try await log.compact()
        }
    }

    /// Writes the metadata of live messages that only have a per-message object into a new
    /// segment, with the records of small segments folded in (or, past `maxSegments`, rewrites
    /// all live metadata into fresh segments), then
    /// deletes what the new segments supersede.
    /// `compact` rewrites all live metadata whenever it spans more than one segment's worth.
    /// `SegmentPackPlan` decides which.
    func pack(compact: Bool = false) async throws(MailError) {
        unpackedWrites = 0
        packing = true
        defer { packing = false }
        try await mailErrors {
            try await log.sync()
            let view = await currentView()
            let current = try await segmentCatalog(reload: true)
            let singles = view.messages.filter { current.locations[$0.messageID] == nil && !$0.metadataReference.isEmpty }
            var liveCounts: [String: Int] = [:]
            for message in view.messages {
                if let segment = current.locations[message.messageID]?.segment { liveCounts[segment, default: 0] += 1 }
            }
            let needed = (view.messages.count + context.configuration.segmentCapacity - 1)
                / context.configuration.segmentCapacity
            let plan = SegmentPackPlan(
                liveCounts: liveCounts, singles: singles.count, needed: needed,
                smallBelow: context.configuration.packThreshold, maxSegments: Self.maxSegments, compact: compact)
            let members: [MailboxView.Message]
            let superseded: [String]
            switch plan.action {
            case .none: return
            case .mergeAll:
                members = view.messages
                superseded = current.segments
            case .add(let folding):
                // In UID order, as readers walk them.
                members = view.messages.filter { message in
                    guard let location = current.locations[message.messageID] else {
                        return !message.metadataReference.isEmpty
                    }
                    return folding.contains(location.segment)
                }
                superseded = current.segments.filter { folding.contains($0) }
            }
            let singleSizes = try await singleMetadataSizes()
            var start = 0
            while start < members.count {
                let group = Array(members[start..<min(start + context.configuration.segmentCapacity, members.count)])
                try await writeSegment(group, catalog: current, singleSizes: singleSizes)
                start += group.count
            }
            // The new catalog rows are durable: a catalog loaded from now on finds every
            // member there. Superseded catalog rows go at once; the objects are retired, so a
            // reader holding an older catalog can still read them (Mailbox+Retire.swift).
            var retired = singles.map { String(decoding: $0.metadataReference, as: UTF8.self) }
            if !superseded.isEmpty {
                let kept = await segmentsNamingUnseenMessages(current)
                for segment in superseded where !kept.contains(segment) {
                    try await context.rows.delete(partition: layout.segmentPartition, sort: segment)
                    retired.append(layout.segmentKey(segment))
                }
            }
            catalog = nil
            try await retire(retired)
        }
        await sweepRetired()
        // Writes that landed during this pack wait for the next quiet moment.
        if unpackedWrites > 0 { scheduleQuietPack() }
    }

    /// Segments that hold the only record of a message this view does not know (appended, and
    /// packed by another frontend, after this pack's sync): merging leaves them in place, since
    /// the new segments do not carry that record.
    private func segmentsNamingUnseenMessages(_ current: SegmentCatalog) async -> Set<String> {
        let state = await log.state
        var kept = Set<String>()
        for (message, location) in current.locations where !state.containsMessage(message) {
            if await !log.mayReference(message) { kept.insert(location.segment) }
        }
        return kept
    }

    /// Plaintext sizes of the per-message metadata objects, from one listing.
    private func singleMetadataSizes() async throws -> [String: Int] {
        var sizes: [String: Int] = [:]
        var after: String?
        repeat {
            let page = try await context.sealedBlobs.list(
                prefix: layout.blobPrefix + "meta/", startAfter: after, limit: StorageKey.maxListLimit)
            for entry in page.entries { sizes[entry.key] = entry.size }
            after = page.nextStartAfter
        } while after != nil
        return sizes
    }

    private func writeSegment(
        _ group: [MailboxView.Message], catalog: SegmentCatalog, singleSizes: [String: Int]
    ) async throws {
        var entries: [SegmentCatalog.Entry] = []
        var sources: [MetadataSource] = []
        var offset = 0
        for message in group {
            let source: MetadataSource
            let length: Int
            if let location = catalog.locations[message.messageID] {
                source = .segment(location)
                length = location.length
            } else {
                let key = String(decoding: message.metadataReference, as: UTF8.self)
                guard let size = singleSizes[key] else {
                    throw MailError(.unavailable, "metadata of message \(message.uid) is missing")
                }
                source = .single(key, size)
                length = size
            }
            entries.append(SegmentCatalog.Entry(messageID: message.messageID, offset: offset, length: length))
            sources.append(source)
            offset += length
        }
        let name = MailboxLogKeys.hex16(context.now()) + "-" + MailboxLogKeys.hex16(UInt64.random(in: 0...UInt64.max))
        let blobs = context.sealedBlobs
        let layout = layout
        let plan = sources
        let body = BlobByteStream(makeNext: {
            let reader = MetadataReader(blobs: blobs, layout: layout)
            var index = 0
            return {
                guard index < plan.count else { return nil }
                defer { index += 1 }
                switch plan[index] {
                case .segment(let location): return try await reader.record(at: location)
                case .single(let key, let size):
                    let bytes = try await reader.record(key: key)
                    guard bytes.readableBytes == size else { throw MailError(.unavailable, "metadata \(key) changed size") }
                    return bytes
                }
            }
        })
        try await blobs.put(layout.segmentKey(name), body: body, length: offset, condition: .none)
        try await context.userRows.put(
            partition: layout.segmentPartition, sort: name, plaintext: SegmentCatalog.encode(entries))
    }

    private enum MetadataSource: Sendable {
        case segment(SegmentCatalog.Location)
        case single(String, Int)
    }
}
