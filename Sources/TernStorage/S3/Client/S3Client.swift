import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

import struct Foundation.Date

/// The S3 client: builds, signs and sends requests over its `StorageRuntime`'s HTTP client,
/// retrying idempotent ones on 5xx, 429, timeouts and dropped connections with jittered back-off.
/// The operations (`+Objects`, `+Get`, `+Multipart`, `+List`) build on `send`.
final class S3Client: Sendable {
    let configuration: S3Configuration
    let addressing: S3Addressing
    let signer: SigV4Signer
    let http: HTTPClient
    /// Requests awaiting their response head (the runtime's, shared by its stores).
    let requests: S3RequestGauge
    /// Seconds since the Unix epoch, for signing.
    let now: @Sendable () -> Int64

    var logger: Logger { configuration.logger }

    init(
        configuration: S3Configuration,
        http: HTTPClient,
        requests: S3RequestGauge = S3RequestGauge(),
        now: @escaping @Sendable () -> Int64 = S3Client.systemNow
    ) {
        self.requests = requests
        self.configuration = configuration
        self.addressing = S3Addressing(location: configuration.location)
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.location.region)
        self.http = http
        self.now = now
    }

    @Sendable static func systemNow() -> Int64 {
        // Wall-clock seconds, which is what SigV4 signs (Duration-based clocks are not wall time).
        Int64(Date().timeIntervalSince1970)
    }

    /// One S3 request. The body is in memory so that it can be sent again on retry.
    struct Request: Sendable {
        var method: HTTPMethod
        /// The full object key (store prefix included), or nil for the bucket itself.
        var objectKey: String?
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var body: ByteBuffer? = nil
        /// Hex SHA-256 of the body when it should be signed; UNSIGNED-PAYLOAD otherwise.
        var payloadHash: String = SigV4Signer.unsignedPayload
        /// Names the operation in errors and logs (`GetObject`, `PutObject`, ...).
        var operation: String
        /// Safe to send twice (all of Tern's S3 requests are; see docs/internals/s3.md).
        var idempotent: Bool = true
    }

    /// A response whose body has been read whole (bounded).
    struct CollectedResponse: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer

        var s3Error: S3ErrorBody? { S3ErrorBody.decode(body.readableBytesView) }
    }

    /// Sends `request` and reads the whole response body (at most `bodyLimit` bytes), retrying per
    /// the policy while the failure is transient, including a body cut off mid-way. Returns the
    /// first response that is not retryable (success or a definite error status) and how many
    /// attempts it took (a conditional write that failed on a retry may be its own earlier success).
    func perform(_ request: Request, bodyLimit: Int = 1 << 20) async throws -> (response: CollectedResponse, attempts: Int) {
        try await withRetries(request) {
            let response = try await self.execute(request)
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: bodyLimit)
            } catch let error as NIOTooManyBytesError {
                throw StorageError(.integrity, "S3 \(request.operation) response exceeds \(bodyLimit) bytes: \(error)")
            }
            return CollectedResponse(status: Int(response.status.code), headers: response.headers, body: body)
        } status: { response in
            (response.status, S3RetryPolicy.mayBeRetryable(status: response.status) ? response.s3Error : nil)
        }
    }

    /// Like `perform`, but returns as soon as the response head is in, with the body still to be
    /// streamed by the caller (retries cover getting the head; `S3GetStream` resumes bodies).
    func send(_ request: Request) async throws -> (response: HTTPClientResponse, attempts: Int) {
        let (outcome, attempts) = try await withRetries(request) { () async throws -> (HTTPClientResponse, S3ErrorBody?) in
            let response = try await self.execute(request)
            let status = Int(response.status.code)
            guard S3RetryPolicy.mayBeRetryable(status: status) else { return (response, nil) }
            // Read the (small) error body to decide whether to retry.
            let bytes = try? await response.body.collect(upTo: 64 << 10)
            return (response, bytes.flatMap { S3ErrorBody.decode($0.readableBytesView) } ?? S3ErrorBody(code: "", message: ""))
        } status: { (outcome: (HTTPClientResponse, S3ErrorBody?)) in
            (Int(outcome.0.status.code), outcome.1)
        }
        return (outcome.0, attempts)
    }

    private func execute(_ request: Request) async throws -> HTTPClientResponse {
        let prepared = try prepare(request)
        return try await requests.counting {
            try await http.execute(prepared, deadline: .now() + TimeAmount(configuration.requestTimeout), logger: nil)
        }
    }

    /// The retry loop. `attempt` performs one try; `status` extracts the HTTP status and S3 error
    /// of its result. Retryable statuses and transport errors are retried while the policy allows.
    private func withRetries<Result>(
        _ request: Request,
        attempt: () async throws -> Result,
        status: (Result) -> (Int, S3ErrorBody?)
    ) async throws -> (Result, Int) {
        var failedAttempts = 0
        while true {
            try Task.checkCancellation()
            let failure: StorageError
            do {
                let result = try await attempt()
                let (code, s3Error) = status(result)
                guard request.idempotent, S3RetryPolicy.isRetryable(status: code, s3Code: s3Error?.code) else {
                    return (result, failedAttempts + 1)
                }
                failure = S3ErrorMapping.error(status: code, body: s3Error, operation: request.operation, key: request.objectKey)
            } catch let error as StorageError where error.code != .integrity {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                guard request.idempotent, S3ErrorMapping.isRetryableTransportError(error) else {
                    throw (error as? StorageError) ?? StorageError(.unavailable, "S3 \(request.operation) failed: \(error)")
                }
                failure = StorageError(.unavailable, "S3 \(request.operation) failed: \(error)")
            }
            failedAttempts += 1
            guard
                let delay = configuration.retry.delay(
                    afterFailedAttempts: failedAttempts, randomFraction: Double.random(in: 0..<1))
            else {
                throw StorageError(failure.code == .integrity ? .integrity : .unavailable,
                    "\(failure.message) (gave up after \(failedAttempts) attempts)")
            }
            logger.debug(
                "retrying S3 request",
                metadata: [
                    "operation": "\(request.operation)", "attempt": "\(failedAttempts + 1)", "reason": "\(failure.message)",
                ])
            try await Task.sleep(for: delay)
        }
    }

    /// The signed `HTTPClientRequest` for one attempt (signed anew each time: the date moves).
    func prepare(_ request: Request) throws -> HTTPClientRequest {
        let encodedPath = addressing.encodedPath(objectKey: request.objectKey)
        var headers = request.headers
        headers.append(("host", addressing.hostHeader))
        let bodyLength = request.body?.readableBytes ?? 0
        if request.body != nil || request.method == .PUT || request.method == .POST {
            headers.append(("content-length", String(bodyLength)))
        }
        let signed = signer.sign(
            .init(
                method: request.method.rawValue,
                encodedPath: encodedPath,
                query: request.query,
                headers: headers,
                payloadHash: request.payloadHash
            ),
            secondsSinceEpoch: now()
        )
        var httpRequest = HTTPClientRequest(
            url: addressing.url(encodedPath: encodedPath, canonicalQuery: SigV4Signer.canonicalQuery(request.query)))
        httpRequest.method = request.method
        for (name, value) in headers + signed.headersToAdd where name != "content-length" {
            httpRequest.headers.add(name: name, value: value)
        }
        if let body = request.body {
            httpRequest.body = .bytes(body)
        } else if request.method == .PUT || request.method == .POST {
            httpRequest.body = .bytes(ByteBuffer())
        }
        return httpRequest
    }

    /// The error for a response with an unexpected status.
    func failure(_ response: CollectedResponse, operation: String, key: String?) -> StorageError {
        S3ErrorMapping.error(status: response.status, body: response.s3Error, operation: operation, key: key)
    }

    /// The error for a streamed response with an unexpected status (reads at most 64 KiB of its body).
    func failure(_ response: HTTPClientResponse, operation: String, key: String?) async -> StorageError {
        let bytes = try? await response.body.collect(upTo: 64 << 10)
        let body = bytes.flatMap { S3ErrorBody.decode($0.readableBytesView) }
        return S3ErrorMapping.error(status: Int(response.status.code), body: body, operation: operation, key: key)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
