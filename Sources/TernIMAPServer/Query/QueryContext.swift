/// What every FETCH, SEARCH, SORT and THREAD needs besides its arguments.
public struct QueryContext: Sendable {
    public var source: any MessageContentSource
    /// The process-wide limiter all body reads go through.
    public var limiter: BodyReadLimiter
    /// The login: the limiter shares reads fairly between these.
    public var user: String
    public var timeZone: ServerTimeZone

    public init(
        source: any MessageContentSource, limiter: BodyReadLimiter, user: String, timeZone: ServerTimeZone = .system
    ) {
        self.source = source
        self.limiter = limiter
        self.user = user
        self.timeZone = timeZone
    }
}
