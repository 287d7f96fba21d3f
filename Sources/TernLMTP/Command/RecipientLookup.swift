/// What the user provider is asked for a RCPT address: the domain compared case-insensitively (it is lowercased
/// here), and with sub-addressing on, `alice+lists@d` looked up as `alice@d` with detail `lists`. The local part
/// keeps its case; whether it is case-sensitive is the user provider's decision.
public struct RecipientLookup: Hashable, Sendable {
    public var localPart: String
    public var domain: String
    /// The part after the separator, when sub-addressing is on and the address has one.
    public var detail: String?

    public init(localPart: String, domain: String, detail: String?) {
        self.localPart = localPart
        self.domain = domain
        self.detail = detail
    }
}

extension LMTPAddress {
    /// The lookup for this address. `subaddressSeparator` nil turns sub-addressing off. A separator at the very
    /// start (`+x@d`) is not a sub-address: the local part would be empty.
    public func lookup(subaddressSeparator: Character?) -> RecipientLookup {
        let domain = self.domain.lowercased()
        guard let subaddressSeparator, let split = localPart.firstIndex(of: subaddressSeparator),
            split != localPart.startIndex
        else { return RecipientLookup(localPart: localPart, domain: domain, detail: nil) }
        return RecipientLookup(
            localPart: String(localPart[..<split]),
            domain: domain,
            detail: String(localPart[localPart.index(after: split)...])
        )
    }
}
