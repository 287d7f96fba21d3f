/// The parsed form of an `s3://` storage URL.
public struct S3Location: Hashable, Sendable, CustomStringConvertible {
    /// How requests name the bucket.
    public enum AddressingStyle: String, Hashable, Sendable {
        /// `http://host:port/bucket/key` — what local S3 servers (moto, radosgw, Garage) expect.
        case path
        /// `http://bucket.host:port/key` — AWS's default.
        case virtual
    }

    /// Whether to use `If-None-Match: *` when the server supports it.
    public enum ConditionalWrites: String, Hashable, Sendable {
        /// Probe the server at start-up and use conditional creates if it honours them.
        case auto
        /// Never send conditional headers (the conformance suite runs once this way).
        case off
    }

    public var bucket: String
    /// Prepended to every key, without a trailing `/` (empty: keys go at the bucket's root).
    public var keyPrefix: String
    /// `http` or `https`.
    public var scheme: String
    public var host: String
    public var port: Int
    public var region: String
    public var style: AddressingStyle
    public var conditionalWrites: ConditionalWrites

    public init(
        bucket: String,
        keyPrefix: String = "",
        scheme: String,
        host: String,
        port: Int,
        region: String,
        style: AddressingStyle,
        conditionalWrites: ConditionalWrites = .auto
    ) {
        self.bucket = bucket
        self.keyPrefix = keyPrefix
        self.scheme = scheme
        self.host = host
        self.port = port
        self.region = region
        self.style = style
        self.conditionalWrites = conditionalWrites
    }

    /// The endpoint as a URL string, e.g. `http://127.0.0.1:9000` (no bucket, no trailing slash).
    public var endpoint: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return port == defaultPort ? "\(scheme)://\(hostPart)" : "\(scheme)://\(hostPart):\(port)"
    }

    public var description: String {
        var text = "s3://\(bucket)"
        if !keyPrefix.isEmpty { text += "/" + URLComponentCoding.encodePath(keyPrefix) }
        text +=
            "?endpoint=\(URLComponentCoding.encodeQueryValue(endpoint))&region=\(URLComponentCoding.encodeQueryValue(region))"
        text += "&style=\(style.rawValue)&conditional=\(conditionalWrites.rawValue)"
        return text
    }

    /// Parses what follows `s3://`.
    init(parsingAfterScheme rest: String) throws {
        let (beforeQuery, query) = Self.split(rest, at: "?")
        guard !beforeQuery.contains("#"), !(query ?? "").contains("#") else {
            throw StorageError(.invalidConfiguration, "s3 URL takes no fragment")
        }
        let (bucket, pathPart) = Self.split(beforeQuery, at: "/")
        try Self.validateBucket(bucket)
        var keyPrefix = try URLComponentCoding.percentDecode(Substring(pathPart ?? ""))
        while keyPrefix.hasSuffix("/") { keyPrefix.removeLast() }
        if !keyPrefix.isEmpty { try StorageKey.validatePrefix(keyPrefix) }

        var parameters: [String: String] = [:]
        for item in (query ?? "").split(separator: "&") {
            let (name, value) = Self.split(String(item), at: "=")
            guard let value else {
                throw StorageError(.invalidConfiguration, "s3 URL parameter \(name) has no value")
            }
            guard parameters[name] == nil else {
                throw StorageError(.invalidConfiguration, "s3 URL parameter \(name) given twice")
            }
            parameters[name] = try URLComponentCoding.percentDecode(Substring(value))
        }
        let known: Set = ["endpoint", "region", "style", "conditional"]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw StorageError(
                .invalidConfiguration,
                "unknown s3 URL parameter \(unknown) (known: endpoint, region, style, conditional)"
            )
        }

        let region = parameters["region"] ?? "us-east-1"
        guard !region.isEmpty, region.utf8.allSatisfy({ Self.isRegionByte($0) }) else {
            throw StorageError(.invalidConfiguration, "invalid s3 region \(region.debugDescription)")
        }
        let endpoint =
            try parameters["endpoint"].map(Self.parseEndpoint)
            ?? (scheme: "https", host: "s3.\(region).amazonaws.com", port: 443)
        let style: AddressingStyle
        if let name = parameters["style"] {
            guard let parsed = AddressingStyle(rawValue: name) else {
                throw StorageError(.invalidConfiguration, "s3 style must be path or virtual, got \(name)")
            }
            style = parsed
        } else {
            style = parameters["endpoint"] == nil ? .virtual : .path
        }
        let conditional: ConditionalWrites
        if let name = parameters["conditional"] {
            guard let parsed = ConditionalWrites(rawValue: name) else {
                throw StorageError(.invalidConfiguration, "s3 conditional must be auto or off, got \(name)")
            }
            conditional = parsed
        } else {
            conditional = .auto
        }
        self.init(
            bucket: bucket,
            keyPrefix: keyPrefix,
            scheme: endpoint.scheme,
            host: endpoint.host,
            port: endpoint.port,
            region: region,
            style: style,
            conditionalWrites: conditional
        )
    }

    private static func split(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }

    private static func isRegionByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }

    /// Bucket names per S3's rules: 3-63 of lowercase letters, digits, `-` and `.`, starting and
    /// ending with a letter or digit.
    private static func validateBucket(_ bucket: String) throws {
        let bytes = Array(bucket.utf8)
        let allowed = bytes.allSatisfy { isRegionByte($0) || $0 == UInt8(ascii: ".") }
        let edgesOK = bytes.first.map(isAlphanumeric) == true && bytes.last.map(isAlphanumeric) == true
        guard (3...63).contains(bytes.count), allowed, edgesOK else {
            throw StorageError(.invalidConfiguration, "invalid s3 bucket name \(bucket.debugDescription)")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isRegionByte(byte) && byte != UInt8(ascii: "-")
    }

    private static func parseEndpoint(_ text: String) throws -> (scheme: String, host: String, port: Int) {
        let (scheme, rest) = split(text, at: ":")
        guard scheme == "http" || scheme == "https", let rest, rest.hasPrefix("//") else {
            throw StorageError(
                .invalidConfiguration,
                "s3 endpoint must be http://host[:port] or https://host[:port], got \(text)"
            )
        }
        var authority = Substring(rest.dropFirst(2))
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("@") else {
            throw StorageError(.invalidConfiguration, "s3 endpoint must be a bare host[:port], got \(text)")
        }
        let defaultPort = scheme == "https" ? 443 : 80
        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw StorageError(.invalidConfiguration, "s3 endpoint has an unclosed IPv6 bracket: \(text)")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw StorageError(.invalidConfiguration, "s3 endpoint has junk after the IPv6 address: \(text)")
                }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else {
            throw StorageError(.invalidConfiguration, "s3 endpoint has no host: \(text)")
        }
        var port = defaultPort
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw StorageError(.invalidConfiguration, "s3 endpoint port must be 1...65535, got \(portText)")
            }
            port = parsed
        }
        return (String(scheme), String(host), port)
    }
}
