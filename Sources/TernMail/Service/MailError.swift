import TernCrypto
import TernStorage

/// The error every public TernMail service call throws. IMAP and LMTP map `code` to responses
/// (`unavailable` -> `NO [UNAVAILABLE]`, `overQuota` -> `NO [OVERQUOTA]` / 552, ...).
public struct MailError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The password does not unwrap the user's keys.
        public static let authenticationFailed = Code("authenticationFailed")
        public static let noSuchUser = Code("noSuchUser")
        public static let userExists = Code("userExists")
        public static let noSuchMailbox = Code("noSuchMailbox")
        public static let mailboxExists = Code("mailboxExists")
        public static let invalidName = Code("invalidName")
        public static let overQuota = Code("overQuota")
        /// Storage is down or answered with an error worth retrying later; also a stored object
        /// that fails authentication (tampered or damaged), which needs an operator.
        public static let unavailable = Code("unavailable")
        /// Larger than `MailServiceConfiguration.maxMessageBytes`.
        public static let tooLarge = Code("tooLarge")
        /// Not allowed in this state (delete INBOX, an unknown message, a body of the wrong size...).
        public static let invalidOperation = Code("invalidOperation")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Maps errors of the layers below to the service's codes.
    static func wrapping(_ error: any Error) -> MailError {
        switch error {
        case let error as MailError:
            return error
        case let error as StorageError:
            switch error.code {
            case .notFound: return MailError(.invalidOperation, "stored object is gone: \(error.message)")
            case .invalidArgument: return MailError(.invalidOperation, error.message)
            default: return MailError(.unavailable, "storage: \(error)")
            }
        case let error as TernCryptoError:
            return MailError(.unavailable, "stored object cannot be opened: \(error)")
        case let error as MailboxLogError:
            switch error.code {
            case .invalidOperation: return MailError(.invalidOperation, error.message)
            default: return MailError(.unavailable, "mailbox log: \(error)")
            }
        case let error as MailboxStoreError:
            return MailError(.unavailable, "mailbox store: \(error)")
        case is CancellationError:
            return MailError(.unavailable, "cancelled")
        default:
            return MailError(.unavailable, "\(error)")
        }
    }
}

/// Runs `body`, turning any error into a `MailError`.
func mailErrors<T>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> T
) async throws(MailError) -> T {
    do {
        return try await body()
    } catch {
        throw MailError.wrapping(error)
    }
}
