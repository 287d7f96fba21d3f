import Crypto

/// AWS Signature Version 4 for the `Authorization` header, as a pure function: a request in, the
/// headers to add out. The clock is an argument, so tests sign with the published example dates.
///
/// The caller sends exactly the path and query it signed: build the URL from `encodedPath` and
/// `SigV4Signer.canonicalQuery(_:)`.
struct SigV4Signer: Sendable {
    /// The value of `x-amz-content-sha256` when the body is not hashed (streamed bodies).
    static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of the empty string, for requests without a body.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    var credentials: S3Credentials
    var region: String
    var service: String = "s3"

    /// Everything the signature covers. `headers` must hold every header that will be sent and
    /// signed, `host` included; the signer adds `x-amz-date` (and `x-amz-content-sha256` when
    /// `includeContentHashHeader`, which S3 requires, and the session token when there is one).
    struct Request {
        var method: String
        /// The URI path, already encoded with `AWSURIEncoding.encodePath`.
        var encodedPath: String
        /// Query parameters, not encoded; a parameter without a value (`?uploads`) has value "".
        var query: [(name: String, value: String)]
        var headers: [(name: String, value: String)]
        /// Hex SHA-256 of the body, `emptyPayloadHash`, or `unsignedPayload`.
        var payloadHash: String
        var includeContentHashHeader: Bool = true
    }

    struct Signed {
        /// Headers to add to the request: `x-amz-date`, maybe `x-amz-content-sha256` and
        /// `x-amz-security-token`, and `authorization`.
        var headersToAdd: [(name: String, value: String)]
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        var authorization: String
    }

    func sign(_ request: Request, secondsSinceEpoch: Int64) -> Signed {
        let date = AmzDate(secondsSinceEpoch: secondsSinceEpoch)
        var added: [(name: String, value: String)] = [("x-amz-date", date.timestamp)]
        if request.includeContentHashHeader {
            added.append(("x-amz-content-sha256", request.payloadHash))
        }
        if let token = credentials.sessionToken {
            added.append(("x-amz-security-token", token))
        }

        let canonicalHeaders = Self.canonicalHeaders(request.headers + added)
        let signedHeaderNames = canonicalHeaders.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            request.method,
            request.encodedPath,
            Self.canonicalQuery(request.query),
            canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaderNames,
            request.payloadHash,
        ].joined(separator: "\n")

        let scope = "\(date.day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            date.timestamp,
            scope,
            Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let signature = Self.hex(
            HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(day: date.day))
        )
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope),"
            + "SignedHeaders=\(signedHeaderNames),Signature=\(signature)"
        added.append(("authorization", authorization))
        return Signed(
            headersToAdd: added,
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            authorization: authorization
        )
    }

    /// The query string in canonical form: names and values encoded, sorted by encoded name then
    /// value, `name=value` joined by `&` (a parameter without a value still gets its `=`).
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query
            .map { (AWSURIEncoding.encodeQueryComponent($0.name), AWSURIEncoding.encodeQueryComponent($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    private func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// Lower-case names, values trimmed with inner runs of spaces collapsed, sorted by name;
    /// repeated headers are joined with commas in the order given.
    private static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            let cleaned = normalizeValue(value)
            if let existing = merged[key] {
                merged[key] = existing + "," + cleaned
            } else {
                merged[key] = cleaned
            }
        }
        return merged.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    private static func normalizeValue(_ value: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in value {
            if character == " " || character == "\t" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
