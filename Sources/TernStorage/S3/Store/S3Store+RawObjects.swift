import NIOCore

extension S3Store {
    /// Every object under the store's prefix as S3 holds it: key and raw bytes, rows included.
    /// For checks of what reaches the storage operator (invariant 3); refuses to collect more than
    /// `maxTotalBytes`, so it can never hold an unbounded bucket.
    package func rawObjects(maxTotalBytes: Int = 64 << 20) async throws -> [(key: String, bytes: ByteBuffer)] {
        let root = Self.rootPrefix(client.configuration.location)
        var objects: [(key: String, bytes: ByteBuffer)] = []
        var total = 0
        var token: String?
        repeat {
            let page = try await client.listObjects(prefix: root, continuationToken: token)
            for object in page.objects {
                let read = try await client.getObject(key: object.key, range: nil)
                total += read.range.count
                guard total <= maxTotalBytes else {
                    throw StorageError(.invalidArgument, "raw object dump exceeds \(maxTotalBytes) bytes")
                }
                var bytes = ByteBuffer()
                for try await chunk in read.body { bytes.writeImmutableBuffer(chunk) }
                objects.append((object.key, bytes))
            }
            token = page.nextContinuationToken
        } while token != nil
        return objects
    }
}
