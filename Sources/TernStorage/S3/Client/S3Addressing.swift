/// Where a request goes: the URL and the `Host` header for a bucket and key, in path style
/// (`http://host:port/bucket/key`) or virtual-host style (`http://bucket.host:port/key`). Pure.
struct S3Addressing: Hashable, Sendable {
    let location: S3Location

    /// The encoded path, the same string that is signed and sent.
    func encodedPath(objectKey: String?) -> String {
        let keyPath = objectKey.map { "/" + AWSURIEncoding.encodePath($0) } ?? "/"
        switch location.style {
        case .path:
            return "/" + location.bucket + (objectKey == nil ? "" : keyPath)
        case .virtual:
            return keyPath
        }
    }

    /// The `Host` header (with the port unless it is the scheme's default).
    var hostHeader: String {
        let host = location.host.contains(":") ? "[\(location.host)]" : location.host
        let name = location.style == .virtual ? "\(location.bucket).\(host)" : host
        let defaultPort = location.scheme == "https" ? 443 : 80
        return location.port == defaultPort ? name : "\(name):\(location.port)"
    }

    func url(encodedPath: String, canonicalQuery: String) -> String {
        let base = "\(location.scheme)://\(hostHeader)\(encodedPath)"
        return canonicalQuery.isEmpty ? base : base + "?" + canonicalQuery
    }
}
