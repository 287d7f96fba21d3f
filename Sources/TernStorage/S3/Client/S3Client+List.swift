import NIOCore

/// ListObjectsV2.
extension S3Client {
    /// A listing page is at most 1,000 keys of at most 1,024 bytes plus XML: well under this.
    static let maxListingBytes = 8 << 20

    /// One page of keys under `prefix`, after `startAfter` or from `continuationToken`, at most
    /// `maxKeys`. With `delimiter`, keys containing it after the prefix are rolled up into
    /// common prefixes (rows use "/" so a partition's listing excludes nested partitions).
    func listObjects(
        prefix: String,
        startAfter: String? = nil,
        continuationToken: String? = nil,
        delimiter: String? = nil,
        maxKeys: Int = 1000
    ) async throws -> S3ListPage {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", String(maxKeys))]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        let (response, _) = try await perform(
            Request(method: .GET, objectKey: nil, query: query, payloadHash: SigV4Signer.emptyPayloadHash, operation: "ListObjectsV2"),
            bodyLimit: Self.maxListingBytes)
        guard response.status == 200 else {
            throw failure(response, operation: "ListObjectsV2", key: prefix)
        }
        do {
            return try S3ListPage.decode(response.body.readableBytesView)
        } catch {
            throw StorageError(.unavailable, "S3 ListObjectsV2 returned an unreadable body: \(error)")
        }
    }
}
