/// Everything Tern needs to answer ENVELOPE, BODY, BODYSTRUCTURE and body-section FETCHes of one message
/// without reading the message again: the MIME tree with byte offsets, sizes, line counts and the parsed
/// MIME and envelope header fields. Produced once per message by `MIMEScanner`.
public struct MessageStructure: Hashable, Sendable, Codable {
    /// The message: its header is the message header, its body the message body.
    public var root: MIMEPart
    /// Total size of the scanned message in bytes.
    public var size: Int
    /// Set when the message went beyond a scanner limit. The message is then described as one opaque
    /// part (`root` keeps the message header, its envelope and MIME fields, but has no children and is
    /// a leaf whose body runs to the end of the message).
    public var degradation: MIMEScanLimitHit?

    public init(root: MIMEPart, size: Int, degradation: MIMEScanLimitHit? = nil) {
        self.root = root
        self.size = size
        self.degradation = degradation
    }

    /// The ENVELOPE header values of the message (never nil for a scanned message).
    public var envelope: EnvelopeFields { root.envelope ?? EnvelopeFields() }

    /// Number of nodes in the tree (the root counts as one).
    public var partCount: Int { root.nodeCount }
}

/// Bounds on what the scanner keeps. Defaults follow Dovecot's (100 nested parts, 10,000 parts in total)
/// so that ordinary and torture mail alike get the same tree as on Dovecot.
public struct MIMEScanLimits: Hashable, Sendable, Codable {
    /// Maximum number of nodes in the tree (root, parts and encapsulated messages).
    public var maxParts: Int
    /// Maximum nesting depth of the tree (at most `MIMEScanLimits.depthCeiling`: the tree is walked
    /// recursively, so its depth must stay far from any thread's stack size).
    public var maxDepth: Int
    /// Maximum bytes kept of one header field that the scanner records (longer values are truncated
    /// and the message is still scanned normally). The scanner holds at most two such buffers.
    public var maxFieldBytes: Int
    /// Maximum bytes of recorded header values summed over the whole message.
    public var maxRetainedHeaderBytes: Int

    public init(maxParts: Int = 10_000, maxDepth: Int = 100, maxFieldBytes: Int = 256 * 1024,
                maxRetainedHeaderBytes: Int = 1024 * 1024) {
        self.maxParts = max(1, maxParts)
        self.maxDepth = min(Self.depthCeiling, max(2, maxDepth))
        self.maxFieldBytes = max(256, maxFieldBytes)
        self.maxRetainedHeaderBytes = max(1024, maxRetainedHeaderBytes)
    }

    public static let `default` = MIMEScanLimits()
    public static let depthCeiling = 500
}

/// Why a message was described as a single opaque part.
public struct MIMEScanLimitHit: Hashable, Sendable, Codable, Error, CustomStringConvertible {
    public struct Code: Hashable, Sendable, Codable, RawRepresentable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let tooManyParts = Code(rawValue: 1)
        public static let tooDeep = Code(rawValue: 2)
        public static let headersTooLarge = Code(rawValue: 3)
    }

    public var code: Code
    /// Byte offset in the message where the limit was hit.
    public var offset: Int

    public init(code: Code, offset: Int) {
        self.code = code
        self.offset = offset
    }

    public var message: String {
        switch code {
        case .tooManyParts: return "message has more MIME parts than the scanner limit"
        case .tooDeep: return "MIME parts are nested deeper than the scanner limit"
        case .headersTooLarge: return "recorded header fields exceed the scanner limit"
        default: return "scanner limit hit"
        }
    }

    public var description: String { "\(message) (at byte \(offset))" }
}
