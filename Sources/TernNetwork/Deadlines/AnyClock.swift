/// A clock of any kind behind one concrete type, so the deadline scheduler, sessions and
/// listeners take a clock as a value instead of a generic parameter: the server runs on
/// `ContinuousClock`, tests on a manual clock they advance by hand.
///
/// Instants count from the moment this value was made; instants of two `AnyClock`s made
/// separately are not comparable.
public struct AnyClock: Clock {
    public struct Instant: InstantProtocol {
        /// Time since the clock's origin.
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public static func + (lhs: Instant, rhs: Duration) -> Instant { lhs.advanced(by: rhs) }
        public static func - (lhs: Instant, rhs: Duration) -> Instant { lhs.advanced(by: .zero - rhs) }
    }

    private let elapsed: @Sendable () -> Duration
    private let sleepUntil: @Sendable (Duration, Duration?) async throws -> Void
    public let minimumResolution: Duration

    public init<Base: Clock>(_ base: Base) where Base.Duration == Duration {
        let origin = base.now
        elapsed = { origin.duration(to: base.now) }
        sleepUntil = { offset, tolerance in
            try await base.sleep(until: origin.advanced(by: offset), tolerance: tolerance)
        }
        minimumResolution = base.minimumResolution
    }

    /// The server's clock.
    public static var continuous: AnyClock { AnyClock(ContinuousClock()) }

    public var now: Instant { Instant(offset: elapsed()) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await sleepUntil(deadline.offset, tolerance)
    }
}
