/// A LIST/LSUB pattern (RFC 9051 §6.3.9) combined with its reference, matched against mailbox names.
///
/// `*` matches any run of characters, `%` any run without the hierarchy delimiter `/`. The reference is
/// prefixed to the pattern (one delimiter between them is kept). A name starting with `INBOX` matches
/// that part case-insensitively, as INBOX is case-insensitive. Matching is a dynamic program over
/// Unicode scalars: O(pattern × name), no backtracking blow-up.
public struct MailboxPattern: Hashable, Sendable {
    public static let delimiter: Unicode.Scalar = "/"

    private enum Token: Hashable, Sendable {
        case literal(Unicode.Scalar)
        /// `*`
        case any
        /// `%`
        case anyInLevel
    }

    private let tokens: [Token]
    /// The combined reference + pattern, as text.
    public let text: String

    public init(reference: String, pattern: String) {
        var combined = reference
        if combined.hasSuffix("/") && pattern.hasPrefix("/") {
            combined.removeLast()
        }
        combined += pattern
        self.text = Self.canonicalInbox(combined)
        // A run of wildcards is one wildcard (`%%` is `%`, any run with a `*` is `*`): with patterns up
        // to a 64 KiB line, every token left either consumes a character or separates literals, so
        // the matcher fails after about twice the name's length in tokens.
        var tokens: [Token] = []
        for scalar in text.unicodeScalars {
            let token: Token
            switch scalar {
            case "*": token = .any
            case "%": token = .anyInLevel
            default: token = .literal(scalar)
            }
            if token != .literal(scalar), let last = tokens.last, last == .any || last == .anyInLevel {
                tokens[tokens.count - 1] = (last == .any || token == .any) ? .any : .anyInLevel
            } else {
                tokens.append(token)
            }
        }
        self.tokens = tokens
    }

    /// True for `LIST "" ""`, which asks only for the delimiter and root.
    public var isEmpty: Bool { tokens.isEmpty }

    /// Whether `name` matches the whole pattern.
    public func matches(_ name: String) -> Bool {
        let scalars = Array(Self.canonicalInbox(name).unicodeScalars)
        // reachable[j]: the tokens so far can consume exactly the first j scalars of the name.
        var reachable = [Bool](repeating: false, count: scalars.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: scalars.count + 1)
            switch token {
            case .literal(let scalar):
                for j in 0..<scalars.count where reachable[j] && scalars[j] == scalar {
                    next[j + 1] = true
                }
            case .any:
                var open = false
                for j in 0...scalars.count {
                    open = open || reachable[j]
                    next[j] = open
                }
            case .anyInLevel:
                var open = false
                for j in 0...scalars.count {
                    if reachable[j] { open = true }
                    next[j] = open
                    if j < scalars.count && scalars[j] == Self.delimiter { open = false }
                }
            }
            reachable = next
            if !reachable.contains(true) { return false }
        }
        return reachable[scalars.count]
    }

    /// `INBOX` in any case, alone or as the first level, is spelled `INBOX`.
    static func canonicalInbox(_ name: String) -> String {
        let utf8 = Array(name.utf8)
        guard utf8.count >= 5,
            zip(utf8.prefix(5), "INBOX".utf8).allSatisfy({ ($0 & 0xDF) == $1 }),
            utf8.count == 5 || utf8[5] == UInt8(ascii: "/")
        else { return name }
        return "INBOX" + String(decoding: utf8.dropFirst(5), as: UTF8.self)
    }
}
