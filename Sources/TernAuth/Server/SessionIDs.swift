import NIOConcurrencyHelpers

/// Per-connection ids for the `session` log metadata of every protocol (IMAP, LMTP, SASL): a random base-36
/// prefix drawn per generator and a counter, as `k3x9q1-42`. Short, stable for the life of a connection, and
/// (with one generator per protocol) unique across the protocols and restarts that share one log.
public final class SessionIDs: Sendable {
    private let prefix: String
    private let issued = NIOLockedValueBox<UInt64>(0)

    public init() {
        prefix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    /// A fresh id.
    public func next() -> String {
        id(for: issued.withLockedValue { issued in
            issued &+= 1
            return issued
        })
    }

    /// The id of a connection the caller numbers itself (the SASL endpoint's connection id, which Postfix sees too).
    public func id(for number: some BinaryInteger) -> String { "\(prefix)-\(number)" }
}
