/// One entry of an IMAP address list (RFC 3501 7.4.2): `(name adl mailbox host)`.
/// A group is a start entry (mailbox = group name, host = nil) and an end entry (all nil).
public struct IMAPAddress: Hashable, Sendable {
    public var name: [UInt8]?
    public var route: [UInt8]?
    public var mailbox: [UInt8]?
    public var host: [UInt8]?

    public init(name: [UInt8]? = nil, route: [UInt8]? = nil, mailbox: [UInt8]? = nil, host: [UInt8]? = nil) {
        self.name = name
        self.route = route
        self.mailbox = mailbox
        self.host = host
    }

    public init(_ name: String?, _ route: String?, _ mailbox: String?, _ host: String?) {
        self.init(
            name: name.map { Array($0.utf8) }, route: route.map { Array($0.utf8) },
            mailbox: mailbox.map { Array($0.utf8) }, host: host.map { Array($0.utf8) })
    }

    public var isGroupStart: Bool { host == nil && mailbox != nil && name == nil && route == nil }
    public var isGroupEnd: Bool { host == nil && mailbox == nil && name == nil && route == nil }
}

/// Parses an RFC 5322 address-list (with RFC 822 obsolete syntax: route addresses, phrases with dots,
/// comments as display names, missing parts) into IMAP address entries. Tolerance of broken input
/// follows Dovecot: a missing local part becomes "MISSING_MAILBOX", a missing domain "MISSING_DOMAIN",
/// an unparseable angle address gets host "SYNTAX_ERROR".
public enum AddressParser {
    /// Upper bound on entries produced from one field (the field itself is already size-limited).
    public static let maxAddresses = 10_000

    public static func parse(_ value: [UInt8]) -> [IMAPAddress] {
        var parser = State(lexer: RFC822Lexer(value, recordComments: true))
        if parser.lexer.skipLWSP() > 0 { parser.addressList() }
        return parser.result
    }

    private struct State {
        var lexer: RFC822Lexer
        var result: [IMAPAddress] = []
        var current = IMAPAddress()
        var invalid = false
        /// The local part as far as it was read, also when reading it failed.
        var localText: [UInt8] = []

        mutating func add() {
            if result.count < AddressParser.maxAddresses { result.append(current) }
            current = IMAPAddress()
            invalid = false
        }

        mutating func addFixed() {
            if current.mailbox == nil {
                current.mailbox = Array("MISSING_MAILBOX".utf8)
            }
            if current.host == nil || current.host?.isEmpty == true {
                current.host = Array("MISSING_DOMAIN".utf8)
            }
            add()
        }

        /// local-part = quoted-string / atom *("." atom). As in Dovecot 2.3, white space may precede a dot
        /// but not follow it ("john .q" reads as "john.q", "john. q" is an error).
        mutating func localPart() -> Int {
            localText.removeAll(keepingCapacity: true)
            var r: Int
            if lexer.current == UInt8(ascii: "\"") {
                r = lexer.quotedString(into: &localText)
            } else {
                while true {
                    r = lexer.atom(into: &localText)
                    if r <= 0 || lexer.current != UInt8(ascii: ".") { break }
                    localText.append(UInt8(ascii: "."))
                    lexer.position += 1
                    if lexer.atEnd {
                        r = 0
                        break
                    }
                }
            }
            if r < 0 { return -1 }
            current.mailbox = localText
            return r
        }

        mutating func domain() -> Int {
            var out: [UInt8] = []
            let r = lexer.domain(into: &out)
            if r < 0 { return -1 }
            current.host = out
            return r
        }

        /// obs-domain-list: "@" domain *("," [CFWS] "@" domain), returned as "@a,@b".
        mutating func domainList() -> Int {
            var out: [UInt8] = []
            while true {
                if lexer.atEnd { return 0 }
                if lexer.current != UInt8(ascii: "@") { break }
                if !out.isEmpty { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "@"))
                let r = lexer.domain(into: &out)
                if r <= 0 { return r }
                while lexer.skipLWSP() > 0 && lexer.current == UInt8(ascii: ",") { lexer.position += 1 }
            }
            current.route = out
            return 1
        }

        mutating func angleAddress() -> Int {
            lexer.position += 1  // "<"
            if lexer.skipLWSP() <= 0 { return -1 }
            if lexer.current == UInt8(ascii: "@") {
                if domainList() > 0 && lexer.current == UInt8(ascii: ":") {
                    lexer.position += 1
                } else {
                    current.route = Array("INVALID_ROUTE".utf8)
                    if lexer.atEnd { return -1 }
                }
                if lexer.skipLWSP() <= 0 { return -1 }
            }
            if lexer.current != UInt8(ascii: ">") {
                if localPart() <= 0 { return -1 }
                if lexer.current == UInt8(ascii: "@") {
                    if domain() <= 0 { return -1 }
                }
            }
            if lexer.current != UInt8(ascii: ">") { return -1 }
            lexer.position += 1
            return lexer.skipLWSP()
        }

        mutating func nameAddress() -> Int {
            var phrase: [UInt8] = []
            if lexer.phrase(into: &phrase) <= 0 || lexer.current != UInt8(ascii: "<") { return -1 }
            current.name = phrase.isEmpty ? nil : phrase
            if angleAddress() < 0 {
                current.host = Array("SYNTAX_ERROR".utf8)
                invalid = true
            }
            return lexer.atEnd ? 0 : 1
        }

        mutating func addressSpec() -> Int {
            lexer.lastComment = []
            let quoted = lexer.current == UInt8(ascii: "\"")
            var r = localPart()
            if r <= 0 { invalid = true }
            var r2 = -2
            if r != 0 && !lexer.atEnd && lexer.current == UInt8(ascii: "@") {
                r2 = domain()
                if r2 <= 0 { r = r2 }
            }
            if let comment = lexer.lastComment, !comment.isEmpty {
                current.name = comment
            } else if r2 == -2 {
                // "user" alone is a mailbox without domain; "user more words" is a display name.
                var text = localText
                text.append(ASCII.space)
                let before = text.count
                _ = lexer.phrase(into: &text)
                if text.count != before {
                    current.mailbox = nil
                    current.name = text
                } else if !quoted {
                    current.host = []
                }
                invalid = true
                r = -1
            }
            return r
        }

        mutating func mailbox() -> Int {
            let start = lexer.position
            var r = nameAddress()
            if r < 0 {
                lexer.position = start
                current = IMAPAddress()
                invalid = false
                r = addressSpec()
                if invalid && current.name == nil && current.mailbox != nil && current.host == nil {
                    current.name = current.mailbox
                    current.mailbox = nil
                }
            }
            addFixed()
            return r
        }

        mutating func group() -> Int {
            var phrase: [UInt8] = []
            if lexer.phrase(into: &phrase) <= 0 || lexer.current != UInt8(ascii: ":") { return -1 }
            lexer.position += 1
            var r = lexer.skipLWSP()
            current = IMAPAddress(mailbox: phrase)
            add()
            if r > 0 && lexer.current != UInt8(ascii: ";") {
                while result.count < AddressParser.maxAddresses {
                    _ = mailbox()
                    if lexer.atEnd || lexer.current != UInt8(ascii: ",") { break }
                    lexer.position += 1
                    if lexer.skipLWSP() <= 0 {
                        r = -1
                        break
                    }
                }
            }
            if r >= 0 {
                if lexer.atEnd || lexer.current != UInt8(ascii: ";") {
                    r = -1
                } else {
                    lexer.position += 1
                    r = lexer.skipLWSP()
                }
            }
            current = IMAPAddress()
            add()
            return r == 0 ? 0 : 1
        }

        mutating func address() -> Int {
            let start = lexer.position
            let r = group()
            if r >= 0 { return r }
            lexer.position = start
            current = IMAPAddress()
            return mailbox()
        }

        mutating func addressList() {
            while result.count < AddressParser.maxAddresses {
                if address() == 0 { break }
                if lexer.atEnd || lexer.current != UInt8(ascii: ",") { break }
                lexer.position += 1
                let r = lexer.skipLWSP()
                if r <= 0 {
                    if r < 0 { addFixed() }
                    break
                }
            }
        }
    }
}
