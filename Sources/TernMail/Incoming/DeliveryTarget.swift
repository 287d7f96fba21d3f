/// One recipient of `MailService.deliver(to:message:concurrentWrites:)`.
public struct DeliveryTarget: Sendable, Hashable {
    public let login: String
    /// Sealed bytes the user is known to occupy (counted at RCPT, say). nil: the delivery counts them, which lists
    /// every object of the user; only matters when a quota is configured.
    public let knownUsage: UInt64?

    public init(login: String, knownUsage: UInt64? = nil) {
        self.login = login
        self.knownUsage = knownUsage
    }
}
