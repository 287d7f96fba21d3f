import TernIMAP
import TernMail

/// How a handler finished: the tagged response, and which untagged updates of the selected mailbox
/// may precede it.
struct Completion: Hashable {
    enum Updates: Hashable {
        case none
        /// EXISTS and FETCH (flags) updates, no expunges (FETCH, STORE, SEARCH by sequence number).
        case noExpunge
        case allowExpunge
    }

    var status: StatusKind
    var code: ResponseCode?
    var text: String
    var updates: Updates
    /// The handler already wrote its tagged response (STARTTLS must answer before the handshake).
    var answered = false
    /// The command enabled CONDSTORE by use while a mailbox was selected: its tagged OK carries
    /// `[HIGHESTMODSEQ n]` of the mailbox as the session reports it after the updates (RFC 7162 3.1,
    /// as Dovecot does), so the client has a base for later CHANGEDSINCE without another command.
    var reportsHighestModSeq = false

    static let answered = Completion(status: .ok, code: nil, text: "", updates: .none, answered: true)

    static func ok(_ text: String, code: ResponseCode? = nil, updates: Updates = .none) -> Completion {
        Completion(status: .ok, code: code, text: text, updates: updates)
    }

    static func no(_ code: ResponseCode?, _ text: String, updates: Updates = .none) -> Completion {
        Completion(status: .no, code: code, text: text, updates: updates)
    }

    static func bad(_ text: String) -> Completion {
        Completion(status: .bad, code: nil, text: text, updates: .none)
    }
}

extension IMAPSession {
    /// A storage or domain error as a tagged NO (RFC 5530 codes); storage errors are logged.
    func failure(_ error: MailError, command: Command? = nil) -> Completion {
        switch error.code {
        case .noSuchMailbox:
            if case .copy = command { return .no(.tryCreate, error.message) }
            if case .move = command { return .no(.tryCreate, error.message) }
            return .no(.nonExistent, error.message)
        case .mailboxExists: return .no(.alreadyExists, error.message)
        case .invalidName: return .no(.cannot, error.message)
        case .overQuota: return .no(.overQuota, error.message)
        case .tooLarge: return .no(.tooBig, error.message)
        case .authenticationFailed: return .no(.authenticationFailed, "Authentication failed")
        case .noSuchUser: return .no(.authenticationFailed, "Authentication failed")
        case .invalidOperation: return .no(.cannot, error.message)
        default:
            logger.error("storage unavailable", metadata: ["error": "\(error)"])
            return .no(.unavailable, "Storage is temporarily unavailable, try again later")
        }
    }

    /// A query error as a tagged NO; `streamBroken` ends the connection (a literal is incomplete).
    func queryFailure(_ error: QueryError) throws -> Completion {
        switch error.code {
        case .unknownTransferEncoding:
            return .no(.unknownCTE, error.message)
        case .badCharset:
            return .no(.badCharset([ByteString("UTF-8"), ByteString("US-ASCII")]), error.message)
        case .limit:
            logger.info("query over budget", metadata: ["error": "\(error)"])
            return .no(.limit, error.message)
        case .streamBroken:
            logger.error("FETCH stream broken", metadata: ["error": "\(error)"])
            throw SessionTermination(end: .error("FETCH stream broken: \(error.message)"))
        default:
            logger.error("query storage failure", metadata: ["error": "\(error)"])
            return .no(.unavailable, "Storage is temporarily unavailable, try again later")
        }
    }
}
