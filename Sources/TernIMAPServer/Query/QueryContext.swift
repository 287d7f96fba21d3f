/// What every FETCH, SEARCH, SORT and THREAD needs besides its arguments.
public struct QueryContext: Sendable {
    public var source: any MessageContentSource
    /// The process-wide limiter all body reads go through.
    public var limiter: BodyReadLimiter
    /// The login: the limiter shares reads fairly between these.
    public var user: String
    public var timeZone: ServerTimeZone
    /// The most SORT and THREAD may hold in sort and thread keys of the matches (see `KeyMemoryBudget`).
    public var maxKeyBytes: Int

    public static let defaultMaxKeyBytes = 64 << 20

    public init(
        source: any MessageContentSource, limiter: BodyReadLimiter, user: String, timeZone: ServerTimeZone = .system,
        maxKeyBytes: Int = QueryContext.defaultMaxKeyBytes
    ) {
        self.source = source
        self.limiter = limiter
        self.user = user
        self.timeZone = timeZone
        self.maxKeyBytes = maxKeyBytes
    }
}
