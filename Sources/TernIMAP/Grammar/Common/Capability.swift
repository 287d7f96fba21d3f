/// A capability atom (RFC 9051 §7.2.2), compared case-insensitively.
public struct Capability: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let imap4rev1 = Capability("IMAP4rev1")
    public static let imap4rev2 = Capability("IMAP4rev2")
    public static let startTLS = Capability("STARTTLS")
    public static let loginDisabled = Capability("LOGINDISABLED")
    public static let idle = Capability("IDLE")
    public static let uidPlus = Capability("UIDPLUS")
    public static let move = Capability("MOVE")
    public static let enable = Capability("ENABLE")
    public static let id = Capability("ID")
    public static let namespace = Capability("NAMESPACE")
    public static let unselect = Capability("UNSELECT")
    public static let literalPlus = Capability("LITERAL+")
    public static let literalMinus = Capability("LITERAL-")
    public static let saslIR = Capability("SASL-IR")
    public static let specialUse = Capability("SPECIAL-USE")
    public static let createSpecialUse = Capability("CREATE-SPECIAL-USE")
    public static let listExtended = Capability("LIST-EXTENDED")
    public static let listStatus = Capability("LIST-STATUS")
    public static let children = Capability("CHILDREN")
    public static let appendLimit = Capability("APPENDLIMIT")
    public static let condStore = Capability("CONDSTORE")
    public static let qresync = Capability("QRESYNC")
    public static let esearch = Capability("ESEARCH")
    public static let searchRes = Capability("SEARCHRES")
    public static let binary = Capability("BINARY")
    public static let utf8Accept = Capability("UTF8=ACCEPT")
    public static let statusSize = Capability("STATUS=SIZE")
    public static let compressDeflate = Capability("COMPRESS=DEFLATE")
    public static let sort = Capability("SORT")
    public static let quota = Capability("QUOTA")
    public static let multiAppend = Capability("MULTIAPPEND")

    public static func auth(_ mechanism: String) -> Capability { Capability("AUTH=\(mechanism)") }
    public static func thread(_ algorithm: String) -> Capability { Capability("THREAD=\(algorithm)") }
    public static func appendLimit(_ limit: UInt64) -> Capability { Capability("APPENDLIMIT=\(limit)") }

    public var description: String { rawValue }

    private var normalized: String { rawValue.uppercased() }

    public static func == (lhs: Capability, rhs: Capability) -> Bool { lhs.normalized == rhs.normalized }

    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }
}
