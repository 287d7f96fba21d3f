import NIOConcurrencyHelpers
import NIOPosix

/// The front door of every password check, whatever the user provider: the failed-login limiter (one per process,
/// shared by IMAP, the SASL endpoint and any other entry point), the delay it asks for, the hash check on a thread
/// pool (scrypt takes ~0.1 s and 32 MiB: not work for the cooperative pool), and the bookkeeping afterwards.
///
/// An unknown user goes through exactly the same steps as a known one with a wrong password: the same limiter
/// accounting, the same delay, one `PasswordVerifier.verify` call (against the decoy hash) and the same answer.
public final class AuthenticationGate: Sendable {
    /// The clock and sleeping, passed in so tests run without waiting.
    public struct Environment: Sendable {
        public var now: @Sendable () -> ContinuousClock.Instant
        public var sleep: @Sendable (Duration) async -> Void

        public init(
            now: @escaping @Sendable () -> ContinuousClock.Instant,
            sleep: @escaping @Sendable (Duration) async -> Void
        ) {
            self.now = now
            self.sleep = sleep
        }

        public static let live = Environment(
            now: { ContinuousClock.now },
            sleep: { duration in try? await Task.sleep(for: duration) }
        )
    }

    /// Which hash a check ran against (for tests: unknown users must take the decoy path, nothing else).
    enum VerificationPath: Sendable, Equatable {
        case storedHash
        case decoy
    }

    private let limiter: NIOLockedValueBox<LoginFailureLimiter>
    private let verifier: PasswordVerifier
    private let environment: Environment
    private let threadPool: NIOThreadPool
    private let observer: (@Sendable (VerificationPath) -> Void)?

    /// `decoyParameters` should be the parameters new hashes get (`tern user add` uses `.standard`).
    public convenience init(
        policy: LoginFailureLimiter.Policy = LoginFailureLimiter.Policy(),
        decoyParameters: ScryptHash.Parameters = .standard,
        environment: Environment = .live,
        threadPool: NIOThreadPool = .singleton
    ) throws {
        try self.init(
            policy: policy,
            decoyParameters: decoyParameters,
            environment: environment,
            threadPool: threadPool,
            observer: nil
        )
    }

    init(
        policy: LoginFailureLimiter.Policy,
        decoyParameters: ScryptHash.Parameters,
        environment: Environment,
        threadPool: NIOThreadPool,
        observer: (@Sendable (VerificationPath) -> Void)?
    ) throws {
        var generator = SystemRandomNumberGenerator()
        self.verifier = PasswordVerifier(
            unknownUser: try UnknownUserPasswordCheck(parameters: decoyParameters, using: &generator)
        )
        self.limiter = NIOLockedValueBox(LoginFailureLimiter(policy: policy))
        self.environment = environment
        self.threadPool = threadPool
        self.observer = observer
    }

    /// Keys the limiter holds (addresses, address-user pairs, users): for tests and metrics.
    public var trackedLimiterKeys: (addresses: Int, pairs: Int, users: Int) {
        limiter.withLockedValue { ($0.trackedAddresses, $0.trackedPairs, $0.trackedUsers) }
    }

    /// Runs one check. `login` is the canonical login when the user exists (nil otherwise) and `hash` its stored
    /// hash (nil when unknown or unusable); `typedLogin` is what the client sent, used as the limiter's user key
    /// when the user is unknown so unknown names are counted too.
    public func check(
        typedLogin: String,
        login: String?,
        hash: PasswordHash?,
        password: String,
        remoteAddress: String?
    ) async -> AuthenticationOutcome {
        // Every entry point caps these before calling; this is the last line, so no caller can create limiter
        // keys of any size or hash megabytes.
        guard CredentialLimits.violation(login: typedLogin, password: password) == nil else { return .failure }
        let address = LoginFailureLimiter.addressKey(forRemoteAddress: remoteAddress ?? "-")
        let userKey = login ?? typedLogin
        let decision = limiter.withLockedValue { $0.decision(address: address, user: userKey, now: environment.now()) }
        switch decision {
        case .refuse:
            return .temporarilyRefused
        case .proceed(let delay):
            if delay > .zero { await environment.sleep(delay) }
        }
        let storedHash = login == nil ? nil : hash
        let bytes = Array(password.utf8)
        observer?(storedHash == nil ? .decoy : .storedHash)
        let verifier = self.verifier
        let matched =
            (try? await threadPool.runIfActive { verifier.verify(bytes, against: storedHash) }) ?? false
        let now = environment.now()
        if matched, let login {
            limiter.withLockedValue { $0.recordSuccess(address: address, user: login, now: now) }
            return .success(login: login)
        }
        limiter.withLockedValue { $0.recordFailure(address: address, user: userKey, now: now) }
        return .failure
    }
}
