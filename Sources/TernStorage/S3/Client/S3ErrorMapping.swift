import AsyncHTTPClient

/// Turns S3 failures into `StorageError`s with the S3 error code and message in the text, so an
/// admin reading a log line sees what the service said (`NoSuchBucket`, `SignatureDoesNotMatch`, ...).
enum S3ErrorMapping {
    static func error(status: Int, body: S3ErrorBody?, operation: String, key: String?) -> StorageError {
        let what = key.map { "\(operation) \($0.debugDescription)" } ?? operation
        let detail: String
        if let body {
            detail = body.message.isEmpty ? body.code : "\(body.code): \(body.message)"
        } else {
            detail = "no S3 error body"
        }
        let text = "S3 \(what) failed with HTTP \(status) (\(detail))"
        let code: StorageError.Code
        switch (status, body?.code) {
        case (_, "NoSuchBucket"): code = .invalidConfiguration
        case (404, _), (_, "NoSuchKey"): code = .notFound
        case (401, _), (403, _): code = .permissionDenied
        case (412, _): code = .alreadyExists
        // 501 Not Implemented: the service does not support what was asked (e.g. a conditional header).
        case (501, _): code = .invalidArgument
        case (500...599, _), (429, _), (408, _), (400, "RequestTimeout"): code = .unavailable
        default: code = .invalidArgument
        }
        return StorageError(code, text)
    }

    /// Whether a transport failure (no HTTP response, or a response cut off) may be retried for an
    /// idempotent request. Configuration mistakes (bad URL) are not; everything from the network is.
    static func isRetryableTransportError(_ error: any Error) -> Bool {
        if error is CancellationError || error is StorageError { return false }
        if let httpError = error as? HTTPClientError {
            let permanent: [HTTPClientError] = [
                .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown, .cancelled, .bodyLengthMismatch,
                .invalidProxyConfiguration, .invalidRedirectConfiguration, .invalidHTTPVersionConfiguration,
            ]
            return !permanent.contains(httpError)
        }
        return true
    }
}
