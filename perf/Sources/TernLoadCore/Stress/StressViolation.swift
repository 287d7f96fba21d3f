import TernIMAP

/// Something a server told a stress session that contradicts the session's model of the mailbox
/// (or an answer no correct server gives to the stress workload: NO, BAD).
public struct StressViolation: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        /// A tagged NO or BAD: the workload only sends commands a correct server accepts.
        case noOrBad = "NO/BAD answer"
        /// FETCH FLAGS showed a keyword the session was not told of in a FLAGS response (RFC 9051 §7.3.5).
        case keywordNotAnnounced = "keyword before FLAGS"
        /// Two sessions were both shown \Recent for the same UID (RFC 3501 §2.3.2).
        case recentInTwoSessions = "\\Recent in two sessions"
        /// `* n EXISTS` below the count the session knows (EXISTS never shrinks a mailbox).
        case existsDecreased = "EXISTS decreased"
        /// A sequence number (EXPUNGE, FETCH, SEARCH) above the message count the session knows.
        case sequenceBeyondCount = "sequence number beyond EXISTS"
        /// A UID the session saw expunged came back.
        case uidReappeared = "UID reappeared after expunge"
        /// FETCH gave a sequence number a UID other than the one the session knows for it, or UIDs
        /// out of ascending order.
        case uidMismatch = "UID does not match the sequence number"
        /// The session's own keyword (only it sets or clears it) not as its last acknowledged STORE or
        /// APPEND left it, in FETCH FLAGS or in SEARCH KEYWORD.
        case ownFlagWrong = "own keyword not as stored"
        /// Another session's keyword shown in a state that session's acknowledged STORE or APPEND had
        /// already replaced before this session sent its command (FlagLedger).
        case otherFlagWrong = "other session's keyword not as stored"
        /// A message this session appended (acknowledged, not deleted by it) missing from its view
        /// after NOOP, or expunged although only this session deletes its messages.
        case ownMessageLost = "own message missing"
        /// UIDVALIDITY changed while sessions ran.
        case uidValidityChanged = "UIDVALIDITY changed"
        /// The mailbox grew past the model's bound (MailboxModel.messageLimit).
        case modelBound = "model bound exceeded"
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}

/// What a session's model reports besides violations: the shell forwards `recent` to the run's
/// shared RecentLedger (the one cross-session check).
public enum StressFinding: Hashable, Sendable {
    case violation(StressViolation)
    /// This session was shown \Recent for `uid`.
    case recent(uid: UInt32)
    /// This session sent (at run-clock second `at`) a STORE that sets or clears its own keyword on `uid`.
    case ownKeywordStoreSent(uid: UInt32, state: Bool, at: Double)
    /// This session is about to delete its message `uid` (\Deleted or MOVE): other sessions may go on
    /// showing it as they last saw it until they are told of the expunge (RFC 2180 §4.1.3), so its
    /// flags are no longer checked against this session's STOREs.
    case ownMessageDeleting(uid: UInt32)
    /// This session's STORE or APPEND on `uid` was answered: its own keyword is now `state` (nil: unknown).
    case ownKeywordStored(uid: UInt32, state: Bool?, at: Double)
    /// This session was shown `flags` (the `$Stress` keywords among them) for `uid`, in answer to the
    /// command sent at `sentAt` and answered at `answeredAt`: the shell checks them in the FlagLedger.
    case flagsShown(uid: UInt32, flags: [Flag], sentAt: Double, answeredAt: Double)

    static func found(_ kind: StressViolation.Kind, _ detail: String) -> StressFinding {
        .violation(StressViolation(kind, detail))
    }
}
