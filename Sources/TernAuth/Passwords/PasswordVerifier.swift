/// The one password check every entry point uses: a known user's stored hash, or, for an unknown user (or one
/// whose stored hash cannot be used), the decoy check, so the work done and the answer look the same.
public struct PasswordVerifier: Sendable {
    private let unknownUser: UnknownUserPasswordCheck

    public init(unknownUser: UnknownUserPasswordCheck) {
        self.unknownUser = unknownUser
    }

    /// `stored` is nil when the user does not exist or has no usable hash.
    public func verify(_ password: [UInt8], against stored: PasswordHash?) -> Bool {
        guard let stored else { return unknownUser.verify(password) }
        return stored.verify(password)
    }
}
