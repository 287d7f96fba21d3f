/// The S3 response bodies Tern reads, decoded from parsed XML. Pure: bytes in, values out.

/// `<Error><Code>NoSuchKey</Code><Message>...</Message></Error>`.
struct S3ErrorBody: Hashable, Sendable {
    var code: String
    var message: String

    /// Nil when the body is not an S3 `<Error>` document (empty, HTML from a proxy, ...).
    static func decode(_ bytes: some Collection<UInt8>) -> S3ErrorBody? {
        guard let root = try? S3XMLParser.parse(bytes), root.name == "Error" else { return nil }
        return S3ErrorBody(code: root.text(of: "Code") ?? "", message: root.text(of: "Message") ?? "")
    }
}

/// One page of `ListObjectsV2`.
struct S3ListPage: Hashable, Sendable {
    struct Object: Hashable, Sendable {
        var key: String
        var size: Int64
        var etag: String
    }

    var objects: [Object]
    /// With a delimiter: the "directories" one level down, which Tern skips.
    var commonPrefixes: [String]
    var isTruncated: Bool
    var nextContinuationToken: String?

    static func decode(_ bytes: some Collection<UInt8>) throws(S3XMLParser.Failure) -> S3ListPage {
        let root = try S3XMLParser.parse(bytes)
        guard root.name == "ListBucketResult" else {
            throw S3XMLParser.Failure(message: "expected ListBucketResult, found \(root.name)")
        }
        var objects: [Object] = []
        for entry in root.children("Contents") {
            guard let key = entry.text(of: "Key") else { throw S3XMLParser.Failure(message: "Contents without Key") }
            guard let size = Int64(entry.text(of: "Size") ?? "") else {
                throw S3XMLParser.Failure(message: "Contents without a valid Size for \(key.debugDescription)")
            }
            objects.append(Object(key: key, size: size, etag: entry.text(of: "ETag") ?? ""))
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.text(of: "Prefix") }
        let truncated = root.text(of: "IsTruncated") == "true"
        let token = root.text(of: "NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        if truncated && token == nil {
            throw S3XMLParser.Failure(message: "truncated listing without NextContinuationToken")
        }
        return S3ListPage(objects: objects, commonPrefixes: prefixes, isTruncated: truncated, nextContinuationToken: token)
    }
}

/// Bodies that are either a result element or an `<Error>`: CopyObject and CompleteMultipartUpload
/// may answer 200 OK and still fail, with the error in the body.
enum S3ResultOrError: Hashable, Sendable {
    case result(S3XMLElement)
    case error(S3ErrorBody)

    /// `names`: the result element's accepted names (moto says `CompleteMultipartUploadResponse`
    /// where AWS says `CompleteMultipartUploadResult`).
    static func decode(_ bytes: some Collection<UInt8>, expecting names: String...) throws(S3XMLParser.Failure) -> S3ResultOrError {
        let root = try S3XMLParser.parse(bytes)
        if root.name == "Error" {
            return .error(S3ErrorBody(code: root.text(of: "Code") ?? "", message: root.text(of: "Message") ?? ""))
        }
        guard names.contains(root.name) else {
            throw S3XMLParser.Failure(message: "expected \(names.joined(separator: " or ")), found \(root.name)")
        }
        return .result(root)
    }
}

/// The per-key outcome of `DeleteObjects`: keys the service could not delete, with its reason.
struct S3DeleteResult: Hashable, Sendable {
    var failures: [(key: String, code: String, message: String)]

    static func decode(_ bytes: some Collection<UInt8>) throws(S3XMLParser.Failure) -> S3DeleteResult {
        let root = try S3XMLParser.parse(bytes)
        guard root.name == "DeleteResult" else {
            throw S3XMLParser.Failure(message: "expected DeleteResult, found \(root.name)")
        }
        return S3DeleteResult(
            failures: root.children("Error").map {
                (key: $0.text(of: "Key") ?? "", code: $0.text(of: "Code") ?? "", message: $0.text(of: "Message") ?? "")
            })
    }

    static func == (lhs: S3DeleteResult, rhs: S3DeleteResult) -> Bool {
        lhs.failures.elementsEqual(rhs.failures) { $0 == $1 }
    }

    func hash(into hasher: inout Hasher) {
        for failure in failures {
            hasher.combine(failure.key)
            hasher.combine(failure.code)
        }
    }
}

/// Request bodies in XML.
enum S3RequestXML {
    /// `DeleteObjects` (at most 1,000 keys per request, in quiet mode: only failures come back).
    static func deleteObjects(_ keys: [String]) -> String {
        var body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
        for key in keys {
            body += "<Object><Key>\(S3XMLEscaping.escape(key))</Key></Object>"
        }
        return body + "</Delete>"
    }

    /// `CompleteMultipartUpload`: part numbers with the ETags the uploads returned, in order.
    static func completeMultipartUpload(_ parts: [(number: Int, etag: String)]) -> String {
        var body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts {
            body += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(S3XMLEscaping.escape(part.etag))</ETag></Part>"
        }
        return body + "</CompleteMultipartUpload>"
    }
}
