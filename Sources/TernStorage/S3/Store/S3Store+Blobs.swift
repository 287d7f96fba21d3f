import NIOCore

extension S3Store {
    public func put<Body: AsyncSequence & Sendable>(
        _ key: String, body: Body, length: Int, condition: WriteCondition
    ) async throws where Body.Element == ByteBuffer {
        try StorageKey.validateBlobKey(key)
        guard length >= 0 else { throw StorageError(.invalidArgument, "negative blob length \(length)") }
        let ifAbsent = condition == .ifAbsent && capabilities.conditionalCreate
        try await client.putObject(key: blobRoot + key, body: body, length: length, ifAbsent: ifAbsent)
    }

    public func get(_ key: String, range: BlobRange?) async throws -> BlobRead {
        try StorageKey.validateBlobKey(key)
        do {
            let read = try await client.getObject(key: blobRoot + key, range: range)
            return BlobRead(size: read.size, range: read.range, body: read.body)
        } catch let error as StorageError where error.code == .notFound {
            throw StorageError(.notFound, "blob \(key.debugDescription) does not exist")
        }
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        try StorageKey.validateBlobKey(key)
        return try await client.headObject(key: blobRoot + key).map { BlobInfo(key: key, size: $0.size) }
    }

    public func copy(from source: String, to destination: String) async throws {
        try StorageKey.validateBlobKey(source)
        try StorageKey.validateBlobKey(destination)
        do {
            try await client.copyObject(from: blobRoot + source, to: blobRoot + destination)
        } catch let error as StorageError where error.code == .notFound {
            throw StorageError(.notFound, "blob \(source.debugDescription) does not exist")
        }
    }

    public func delete(_ key: String) async throws {
        try StorageKey.validateBlobKey(key)
        try await client.deleteObject(key: blobRoot + key)
    }

    /// Deletes many blobs with few requests (DeleteObjects, 1,000 keys each). Missing keys are fine.
    public func delete(_ keys: [String]) async throws {
        for key in keys { try StorageKey.validateBlobKey(key) }
        var start = 0
        while start < keys.count {
            let end = min(start + 1000, keys.count)
            try await client.deleteObjects(keys: keys[start..<end].map { blobRoot + $0 })
            start = end
        }
    }

    public func list(prefix: String, startAfter: String?, limit: Int) async throws -> BlobListPage {
        try StorageKey.validatePrefix(prefix)
        try StorageKey.validateLimit(limit)
        if let startAfter { try StorageKey.validateBlobKey(startAfter) }
        let page = try await client.listObjects(
            prefix: blobRoot + prefix, startAfter: startAfter.map { blobRoot + $0 }, maxKeys: limit)
        let entries = try page.objects.map { object in
            BlobInfo(key: try Self.strip(blobRoot, from: object.key), size: Int(object.size))
        }
        return BlobListPage(entries: entries, nextStartAfter: page.isTruncated ? entries.last?.key : nil)
    }
}
