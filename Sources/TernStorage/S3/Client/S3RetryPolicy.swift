/// When and how long to wait before retrying an S3 request: capped exponential back-off with
/// "full jitter" (a uniformly random wait between zero and the cap), so that many clients that
/// failed together do not retry together. Pure: the random draw is an argument.
public struct S3RetryPolicy: Hashable, Sendable {
    /// Attempts in total, the first included (1 = never retry).
    public var maxAttempts: Int
    /// The cap on the wait after the first failure; doubles with each further failure.
    public var baseDelay: Duration
    /// The largest cap.
    public var maxDelay: Duration

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(2)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries (tests of error paths).
    public static let never = S3RetryPolicy(maxAttempts: 1)

    /// The wait before attempt `failedAttempts + 1`, or nil when the attempts are used up.
    /// `randomFraction` is uniform in 0..<1.
    public func delay(afterFailedAttempts failedAttempts: Int, randomFraction: Double) -> Duration? {
        guard failedAttempts >= 1, failedAttempts < maxAttempts else { return nil }
        var cap = baseDelay
        for _ in 1..<failedAttempts {
            cap = cap * 2
            if cap >= maxDelay { break }
        }
        cap = min(cap, maxDelay)
        let fraction = min(max(randomFraction, 0), 1)
        return cap * fraction
    }

    /// Statuses that are retryable for some S3 error codes (the body decides for 400).
    static func mayBeRetryable(status: Int) -> Bool {
        status == 400 || status == 408 || status == 429 || (status >= 500 && status != 501)
    }

    /// HTTP statuses worth retrying: throttling and server-side failures.
    public static func isRetryable(status: Int, s3Code: String?) -> Bool {
        switch status {
        case 429, 500, 502, 503, 504: return true
        // S3 answers 400 RequestTimeout when the body arrived too slowly: the next try may be faster.
        case 400, 408: return s3Code == "RequestTimeout" || status == 408
        default: return false
        }
    }
}
