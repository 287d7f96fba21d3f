/// Burns the same work for an unknown user as a real check does, so the answer time tells nothing about whether
/// the user exists. It verifies the password against a hash of a random secret made with the scheme and
/// parameters new hashes get, then answers false whatever happened.
///
/// Hashes imported with another scheme or cost (say a `{BLF-CRYPT}` with cost 5) verify faster or slower than
/// this; an operator who wants no difference at all rehashes them (`tern user passwd`).
public struct UnknownUserPasswordCheck: Sendable {
    private let decoy: PasswordHash

    public init(parameters: ScryptHash.Parameters = .standard, using generator: inout some RandomNumberGenerator) throws
    {
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        decoy = .scrypt(try ScryptHash.create(password: secret, parameters: parameters, using: &generator))
    }

    /// Always false, after doing a full verification's work.
    public func verify(_ password: [UInt8]) -> Bool {
        // The decoy's secret is random and never kept, so the result means nothing; only the work matters.
        _ = decoy.verify(password)
        return false
    }
}
