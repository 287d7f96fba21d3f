import NIOConcurrencyHelpers
import NIOCore

/// Finds out whether an S3 service honours `If-None-Match: *` on PUT: writes a probe object
/// twice with the header; a 412 on the second write means yes, a 200 (overwritten) means the
/// header is ignored, a 501 means it is refused. Done once per `StorageRuntime` and location, logged once.
final class S3ConditionalCreateProbe: Sendable {
    private let results = NIOLockedValueBox<[String: Bool]>([:])

    func supports(client: S3Client) async throws -> Bool {
        let location = client.configuration.location
        let cacheKey = location.endpoint + "/" + location.bucket + "/" + location.keyPrefix
        if let known = results.withLockedValue({ $0[cacheKey] }) { return known }

        let probeKey =
            S3Store.rootPrefix(location) + "probe/conditional-create-"
            + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let body = ByteBuffer(string: "tern conditional-create probe")
        try await client.putObject(key: probeKey, body: body, ifAbsent: true)
        let supported: Bool
        do {
            try await client.putObject(key: probeKey, body: body, ifAbsent: true)
            supported = false
        } catch let error as StorageError where error.code == .alreadyExists {
            supported = true
        } catch let error as StorageError where error.code == .invalidArgument {
            // 501 Not Implemented or 400: the service refuses the header rather than ignoring it.
            supported = false
        }
        try? await client.deleteObject(key: probeKey)

        let first = results.withLockedValue { results in
            defer { results[cacheKey] = supported }
            return results[cacheKey] == nil
        }
        if first {
            client.logger.info(
                "S3 conditional create (If-None-Match: *) \(supported ? "is honoured" : "is not honoured"); Tern \(supported ? "uses it to skip duplicate writes" : "relies on unique keys and idempotent replay only")",
                metadata: ["endpoint": "\(location.endpoint)", "bucket": "\(location.bucket)"])
        }
        return supported
    }
}
