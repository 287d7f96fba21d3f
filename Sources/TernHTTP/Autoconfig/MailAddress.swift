/// An address a client asks settings for (`?emailaddress=` or Autodiscover's `<EMailAddress>`). Deliberately
/// loose about the local part (clients send what the user typed) but strict about shape and size: one `@`,
/// both sides non-empty, no spaces or control characters, at most 254 bytes (RFC 5321's path limit).
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
    public let localPart: String
    /// Lower-cased: domains compare without case.
    public let domain: String

    public static let maxBytes = 254

    public init?(_ text: some StringProtocol) {
        let text = String(text)
        guard text.utf8.count <= Self.maxBytes,
            text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }),
            let at = text.lastIndex(of: "@")
        else { return nil }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, !domain.contains("@"), !domain.hasPrefix("."), !domain.hasSuffix("."),
            !domain.contains("..")
        else { return nil }
        self.localPart = String(local)
        self.domain = domain.lowercased()
    }

    public var description: String { "\(localPart)@\(domain)" }
}
