import TernIMAP

/// One thing a simulated client does next. Scripts are pure: they see what the last step returned
/// and the time, and the I/O shell carries the step out and records its latency under `name`.
public enum ScriptStep: Hashable, Sendable {
    /// Send a command and wait for its tagged answer. `name` is the latency histogram it lands in.
    case command(name: String, Command)
    /// APPEND generated message `index` of `user` (streamed, never held in memory whole) with `flags`.
    case append(name: String, mailbox: MailboxName, user: Int, index: Int, flags: [Flag] = [])
    /// IDLE for this long (the latency recorded is the time to the `+` continuation), then DONE.
    case idle(seconds: Double)
    /// Think time: send nothing for this long.
    case pause(seconds: Double)
    /// Close (after LOGOUT if `logout`, else abruptly, as a client that goes away) and connect again;
    /// the script then sends LOGIN.
    case reconnect(logout: Bool)
    /// LOGOUT and end this session.
    case finish
}

/// What the shell tells the script after a step: the outcome and what it learned of the mailbox.
public struct StepResult: Hashable, Sendable {
    public var ok: Bool
    /// The last `* n EXISTS` seen in the selected mailbox (0 when none selected).
    public var exists: UInt32
    /// The largest UID seen in FETCH / SEARCH responses of the selected mailbox.
    public var maxUID: UInt32
    /// UIDs or sequence numbers from the last SEARCH.
    public var searchHits: [UInt32]

    public init(ok: Bool, exists: UInt32 = 0, maxUID: UInt32 = 0, searchHits: [UInt32] = []) {
        self.ok = ok
        self.exists = exists
        self.maxUID = maxUID
        self.searchHits = searchHits
    }

    public static let start = StepResult(ok: true)
}

/// A session's command script. `now` and `end` are seconds on the run's clock; a script must answer
/// `.finish` once `now >= end` and never wait (IDLE, pause) beyond `end`.
public protocol SessionScript: Sendable {
    mutating func next(after result: StepResult, now: Double, end: Double) -> ScriptStep
    /// True for scripts that check the server's answers (stress): the shell then passes them every
    /// untagged response and tagged answer through `observe` before asking for the next step.
    var observes: Bool { get }
    mutating func observe(_ event: SessionEvent) -> [StressFinding]
}

extension SessionScript {
    public var observes: Bool { false }
    public mutating func observe(_ event: SessionEvent) -> [StressFinding] { [] }
}

/// A server response as a checking script sees it (a streamed FETCH arrives whole, without its body).
public enum SessionEvent: Hashable, Sendable {
    /// The step `next` returned is about to be written (run-clock second `at`).
    case sent(at: Double)
    case untagged(UntaggedResponse)
    /// The tagged answer of the step, arrived at run-clock second `at`.
    case tagged(TaggedResponse, at: Double)
}

/// What every profile starts with.
public struct Credentials: Hashable, Sendable {
    public var user: String
    public var password: String
    public var index: Int

    public init(user: String, password: String, index: Int) {
        self.user = user
        self.password = password
        self.index = index
    }

    public var login: Command {
        .login(username: ByteString(user), password: ByteString(password))
    }
}

/// The folders provision creates and the mixed profile walks through.
public enum Folders {
    public static let all = ["INBOX", "Sent", "Drafts", "Trash", "Archive"]
    public static let created = ["Sent", "Drafts", "Trash", "Archive"]
}

extension Command {
    static func selectMailbox(_ name: String) -> Command { .select(MailboxName(utf8: name), parameters: []) }
}
