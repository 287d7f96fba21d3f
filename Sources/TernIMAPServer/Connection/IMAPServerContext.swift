import Logging
import NIOCore
import TernAuth
import TernIMAP
import TernMail
import TernNetwork

/// What arrives from the connection shell: decrypted bytes, and the moment TLS is up after STARTTLS.
public enum IMAPInbound: Sendable {
    case bytes(ByteBuffer)
    case tlsEstablished
}

/// Bounds of one IMAP connection (docs/architecture.md "Bounds"; the configurable ones in docs/admin.md). Every one gives a clear answer when hit.
public struct IMAPServerLimits: Sendable, Hashable {
    /// Longest command line (bytes between CRLFs, literals excluded): longer lines get BAD. 64 KiB as
    /// Dovecot's `imap_max_line_length`: an RFC 2971 ID with 30 values of 1,024 bytes must fit.
    public var maxLineLength: Int
    /// Largest literal inside a command other than APPEND data (mailbox names, search strings).
    public var maxLiteralSize: Int
    /// Largest command held in memory (lines and non-APPEND literals).
    public var maxCommandSize: Int
    /// APPENDLIMIT: the largest message APPEND accepts (larger literals get `NO [TOOBIG]`).
    public var maxAppendSize: UInt64
    /// Message bytes one APPEND (MULTIAPPEND) may carry in total: what it stages before its one
    /// log write (more get `NO [LIMIT]`). The quota bounds it too.
    public var maxAppendBatchBytes: UInt64
    /// The QUOTA STORAGE limit shown to clients: set it to `MailServiceConfiguration.quotaBytes`
    /// (which the mail service enforces); nil = unlimited (`* QUOTA "" ()`).
    public var quotaBytes: UInt64?
    /// Bad commands (BAD answers) before the server says BYE and closes.
    public var maxBadCommands: Int
    /// IDLE ends with BYE after this long without DONE (RFC 9051 §5.4: at least 30 minutes).
    public var idleTimeout: Duration
    /// A session waiting this long for the client's next command (outside IDLE) is logged out with BYE
    /// (RFC 9051 §5.4: at least 30 minutes).
    public var autologoutTimeout: Duration
    /// Inbound buffers read ahead of the command being executed (each at most one socket read, so
    /// memory is bounded by this times the shell's read size); pipelined commands wait in them and in
    /// the parser and are answered in order; beyond them the shell's back-pressure holds the client.
    public var inboundReadAhead: Int
    /// Response bytes collected before they are written out within one command.
    public var outputFlushThreshold: Int
    /// How long one SEARCH, SORT or THREAD may work (reading and matching; not the writing of its
    /// answer) before it ends with `NO [LIMIT]`; nil = no limit. FETCH has none: its work is paced by
    /// the client reading the answer, and cutting it would fail slow links on large mailboxes.
    public var queryTimeBudget: Duration?
    /// The most one SORT or THREAD holds in the matches' sort and thread keys; more ends with `NO [LIMIT]`.
    public var queryMaxKeyBytes: Int

    public init(
        maxLineLength: Int = 64 * 1024,
        maxLiteralSize: Int = 64 * 1024,
        maxCommandSize: Int = 256 * 1024,
        maxAppendSize: UInt64 = 64 * 1024 * 1024,
        maxAppendBatchBytes: UInt64 = 256 * 1024 * 1024,
        quotaBytes: UInt64? = nil,
        maxBadCommands: Int = 20,
        idleTimeout: Duration = .seconds(30 * 60),
        autologoutTimeout: Duration = .seconds(30 * 60),
        inboundReadAhead: Int = 4,
        outputFlushThreshold: Int = 64 * 1024,
        queryTimeBudget: Duration? = .seconds(120),
        queryMaxKeyBytes: Int = QueryContext.defaultMaxKeyBytes
    ) {
        self.maxLineLength = maxLineLength
        self.maxLiteralSize = maxLiteralSize
        self.maxCommandSize = maxCommandSize
        self.maxAppendSize = maxAppendSize
        self.maxAppendBatchBytes = maxAppendBatchBytes
        self.quotaBytes = quotaBytes
        self.maxBadCommands = maxBadCommands
        self.idleTimeout = idleTimeout
        self.autologoutTimeout = autologoutTimeout
        self.inboundReadAhead = max(1, inboundReadAhead)
        self.outputFlushThreshold = max(1024, outputFlushThreshold)
        self.queryTimeBudget = queryTimeBudget
        self.queryMaxKeyBytes = max(0, queryMaxKeyBytes)
    }

    var parserLimits: ParserLimits {
        ParserLimits(
            maxLineLength: maxLineLength, maxLiteralSize: maxLiteralSize, maxAppendMessageSize: maxAppendSize,
            maxCommandSize: maxCommandSize)
    }
}

/// Process-wide: shared by every connection.
public struct IMAPServerContext: Sendable {
    public var mail: MailService
    public var authenticator: any PasswordAuthenticator
    public var limits: IMAPServerLimits
    /// LOGINDISABLED until STARTTLS (on in `serve`, off in `dev`).
    public var loginDisabledWithoutTLS: Bool
    public var hostname: String
    public var logger: Logger
    /// The one body-read limiter of the process (QUERY).
    public var bodyReadLimiter: BodyReadLimiter
    /// Zone of INTERNALDATE output and SEARCH date keys.
    public var timeZone: ServerTimeZone
    /// Wall clock in milliseconds since 1970 (the INTERNALDATE of an APPEND without a date).
    public var wallClockMillis: @Sendable () -> Int64
    /// The one timer of the process's session deadlines (IDLE, autologout, query budget), on its clock.
    public var deadlines: DeadlineScheduler
    /// Commands, sessions by state and logins (`.disabled` exports nothing).
    public var metrics: IMAPMetrics

    public init(
        mail: MailService, authenticator: any PasswordAuthenticator, limits: IMAPServerLimits = IMAPServerLimits(),
        loginDisabledWithoutTLS: Bool, hostname: String, logger: Logger,
        bodyReadLimiter: BodyReadLimiter = BodyReadLimiter(maxConcurrentReads: 64), timeZone: ServerTimeZone = .system,
        wallClockMillis: @escaping @Sendable () -> Int64 = { Int64(MailService.wallClock()) },
        metrics: IMAPMetrics = .disabled, deadlines: DeadlineScheduler = DeadlineScheduler()
    ) {
        self.metrics = metrics
        self.mail = mail
        self.authenticator = authenticator
        self.limits = limits
        self.loginDisabledWithoutTLS = loginDisabledWithoutTLS
        self.hostname = hostname
        self.logger = logger
        self.bodyReadLimiter = bodyReadLimiter
        self.timeZone = timeZone
        self.wallClockMillis = wallClockMillis
        self.deadlines = deadlines
    }
}

/// One connection, as the shell knows it.
public struct IMAPConnectionInfo: Sendable {
    public var remoteAddress: String?
    public var isTLS: Bool
    public var canStartTLS: Bool
    public var sessionID: String
    /// Called with the canonical login once its password was accepted, before the account opens: the shell
    /// counts the connection for that user (ending any pre-login deadline) and answers false when the user is
    /// over its connection cap from this address; the session then says BYE and closes. nil = no caps.
    public var admitLogin: (@Sendable (String) -> Bool)?
    /// How the shell frames what it sends after the session ended (compressed once COMPRESS is active).
    public let farewell: SessionFarewell

    public init(
        remoteAddress: String?, isTLS: Bool, canStartTLS: Bool, sessionID: String,
        admitLogin: (@Sendable (String) -> Bool)? = nil, farewell: SessionFarewell = SessionFarewell()
    ) {
        self.remoteAddress = remoteAddress
        self.isTLS = isTLS
        self.canStartTLS = canStartTLS
        self.sessionID = sessionID
        self.admitLogin = admitLogin
        self.farewell = farewell
    }
}

/// Why a connection ended.
public enum IMAPConnectionEnd: Sendable, Hashable {
    /// The client closed the connection.
    case closed
    case logout
    case idleTimeout
    case error(String)
}
