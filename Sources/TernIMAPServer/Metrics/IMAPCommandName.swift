import TernIMAP

/// The `command` label of the IMAP metrics: one fixed value per command, `other` for what could not be parsed.
public struct IMAPCommandName: Hashable, Sendable {
    public let rawValue: String

    private init(_ rawValue: String) { self.rawValue = rawValue }

    public static let append = IMAPCommandName("append")
    /// A line that did not parse (answered BAD, or NO for a literal that is too large).
    public static let other = IMAPCommandName("other")

    public init(_ command: Command) {
        self.init(Self.name(of: command))
    }

    private static func name(of command: Command) -> String {
        switch command {
        case .capability: "capability"
        case .noop: "noop"
        case .logout: "logout"
        case .id: "id"
        case .enable: "enable"
        case .compress: "compress"
        case .startTLS: "starttls"
        case .authenticate: "authenticate"
        case .login: "login"
        case .select: "select"
        case .examine: "examine"
        case .create: "create"
        case .delete: "delete"
        case .rename: "rename"
        case .subscribe: "subscribe"
        case .unsubscribe: "unsubscribe"
        case .list: "list"
        case .lsub: "lsub"
        case .namespace: "namespace"
        case .status: "status"
        case .idle: "idle"
        case .getQuota: "getquota"
        case .getQuotaRoot: "getquotaroot"
        case .setQuota: "setquota"
        case .check: "check"
        case .close: "close"
        case .unselect: "unselect"
        case .expunge: "expunge"
        case .uidExpunge: "uid_expunge"
        case .search: "search"
        case .fetch: "fetch"
        case .store: "store"
        case .copy: "copy"
        case .move: "move"
        case .sort: "sort"
        case .thread: "thread"
        }
    }
}
