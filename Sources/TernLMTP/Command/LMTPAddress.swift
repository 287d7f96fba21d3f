/// A mailbox from a MAIL or RCPT path (RFC 5321 4.1.2, with RFC 6531 UTF-8).
///
/// `localPart` keeps the quoting as sent only in its decoded form (quotes and quoted-pairs removed); matching
/// users (case-insensitive domain, `+detail`, aliases) is the user provider's job, not the grammar's.
public struct LMTPAddress: Hashable, Sendable, CustomStringConvertible {
    public var localPart: String
    /// Empty only for the special `<postmaster>` recipient (RFC 5321 4.5.1).
    public var domain: String

    public init(localPart: String, domain: String) {
        self.localPart = localPart
        self.domain = domain
    }

    public var isASCII: Bool { localPart.utf8.allSatisfy { $0 < 0x80 } && domain.utf8.allSatisfy { $0 < 0x80 } }

    public var description: String { domain.isEmpty ? "<\(localPart)>" : "<\(localPart)@\(domain)>" }
}

/// Parses the `<...>` part of a path. Bytes, not characters: a path is validated before it becomes a String.
enum LMTPPathParser {
    static let maxLocalPartBytes = 64
    static let maxDomainBytes = 255

    /// Result of scanning `<path>`: the mailbox (nil for `<>`) and the index just past `>`.
    struct Scanned: Equatable {
        var address: LMTPAddress?
        var end: Int
    }

    /// Scans a path starting at `start` (which must be `<`). Returns nil on any syntax error.
    static func scanPath(_ bytes: [UInt8], from start: Int, allowNull: Bool) -> Scanned? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "<") else { return nil }
        var index = start + 1
        // An obsolete source route `<@a,@b:user@d>` is accepted and ignored (RFC 5321 4.1.2, C).
        if index < bytes.count, bytes[index] == UInt8(ascii: "@") {
            guard let colon = bytes[index...].firstIndex(of: UInt8(ascii: ":")) else { return nil }
            index = colon + 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ">") {
            return allowNull ? Scanned(address: nil, end: index + 1) : nil
        }
        guard let (local, afterLocal) = scanLocalPart(bytes, from: index) else { return nil }
        guard afterLocal < bytes.count else { return nil }
        if bytes[afterLocal] == UInt8(ascii: ">") {
            // Only postmaster may come without a domain.
            guard String(decoding: local, as: UTF8.self).lowercased() == "postmaster" else { return nil }
            return Scanned(address: LMTPAddress(localPart: "postmaster", domain: ""), end: afterLocal + 1)
        }
        guard bytes[afterLocal] == UInt8(ascii: "@") else { return nil }
        guard let close = bytes[(afterLocal + 1)...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let domain = Array(bytes[(afterLocal + 1)..<close])
        guard isValidDomain(domain), local.count <= maxLocalPartBytes else { return nil }
        guard let localString = strictUTF8(local), let domainString = strictUTF8(domain) else { return nil }
        return Scanned(address: LMTPAddress(localPart: localString, domain: domainString), end: close + 1)
    }

    /// Decodes UTF-8, refusing (instead of repairing) malformed sequences.
    static func strictUTF8(_ bytes: [UInt8]) -> String? {
        let string = String(decoding: bytes, as: UTF8.self)
        return string.utf8.elementsEqual(bytes) ? string : nil
    }

    /// Local-part = Dot-string / Quoted-string. Returns the decoded bytes and the index after it.
    private static func scanLocalPart(_ bytes: [UInt8], from start: Int) -> ([UInt8], Int)? {
        var index = start
        var decoded: [UInt8] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { return decoded.isEmpty ? nil : (decoded, index + 1) }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count, (32...126).contains(bytes[index]) else { return nil }
                    decoded.append(bytes[index])
                } else {
                    guard byte >= 32, byte != 127 else { return nil }
                    decoded.append(byte)
                }
                guard decoded.count <= maxLocalPartBytes else { return nil }
                index += 1
            }
            return nil
        }
        var atomLength = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard atomLength > 0 else { return nil }
                atomLength = 0
            } else if isAtext(byte) {
                atomLength += 1
            } else {
                break
            }
            decoded.append(byte)
            guard decoded.count <= maxLocalPartBytes else { return nil }
            index += 1
        }
        guard atomLength > 0 else { return nil }
        return (decoded, index)
    }

    /// RFC 5322 atext, plus any non-ASCII byte (RFC 6531 UTF8-non-ascii; UTF-8 validity is checked later).
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case 0x80...0xFF:
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// Domain = sub-domain *("." sub-domain) / address-literal `[...]`.
    static func isValidDomain(_ domain: [UInt8]) -> Bool {
        guard !domain.isEmpty, domain.count <= maxDomainBytes else { return false }
        if domain.first == UInt8(ascii: "[") {
            guard domain.count > 2, domain.last == UInt8(ascii: "]") else { return false }
            return domain.dropFirst().dropLast().allSatisfy {
                (33...126).contains($0) && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]")
                    && $0 != UInt8(ascii: "\\")
            }
        }
        for label in domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63 else { return false }
            guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
            let valid = label.allSatisfy {
                switch $0 {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), 0x80...0xFF:
                    return true
                default:
                    return false
                }
            }
            guard valid else { return false }
        }
        return true
    }
}
