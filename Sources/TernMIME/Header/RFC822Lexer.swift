/// A cursor over one header field value with the RFC 5322 / RFC 2045 lexical rules (CFWS, atoms, dot-atoms,
/// quoted strings, MIME tokens, domain literals). Its tolerance of broken input deliberately follows
/// Dovecot's rfc822-parser, so that the structures Tern reports match what Dovecot reports.
///
/// Result convention of the `mutating` readers: `-1` syntax error, `0` reached the end of input,
/// `1` more input follows.
struct RFC822Lexer {
    let bytes: [UInt8]
    var position: Int
    /// When non-nil, the content of the most recent comment skipped (RFC 5322 3.2.2).
    var lastComment: [UInt8]?

    init(_ bytes: [UInt8], recordComments: Bool = false) {
        self.bytes = bytes
        self.position = 0
        self.lastComment = recordComments ? [] : nil
    }

    var atEnd: Bool { position >= bytes.count }
    /// Current byte, or 0 at the end (0 never matches any syntax character).
    var current: UInt8 { position < bytes.count ? bytes[position] : 0 }
    var moreFlag: Int { atEnd ? 0 : 1 }

    // MARK: character classes

    /// 1 = atext, 2 = alphanumeric or 8-bit (atext), 4 = atext but a MIME tspecial ('/', '=', '?').
    private static let classes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] = 2 }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] = 2 }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] = 2 }
        for b in 128...255 { table[b] = 2 }
        for c in "!#$%&'*+-^_`{|}~".utf8 { table[Int(c)] = 1 }
        for c in "/=?".utf8 { table[Int(c)] = 4 }
        return table
    }()

    @inline(__always) static func isAtext(_ b: UInt8) -> Bool { classes[Int(b)] != 0 }
    @inline(__always) static func isTokenChar(_ b: UInt8) -> Bool { classes[Int(b)] & 3 != 0 }

    // MARK: readers

    mutating func skipComment() -> Int {
        // precondition: current == "("
        lastComment?.removeAll(keepingCapacity: true)
        position += 1
        var start = position
        var level = 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "("):
                level += 1
            case UInt8(ascii: ")"):
                level -= 1
                if level == 0 {
                    lastComment?.append(contentsOf: bytes[start..<position])
                    position += 1
                    return moreFlag
                }
            case UInt8(ascii: "\\"):
                lastComment?.append(contentsOf: bytes[start..<position])
                start = position + 1
                position += 1
                if position >= bytes.count { return -1 }
            default:
                break
            }
            position += 1
        }
        return -1
    }

    mutating func skipLWSP() -> Int {
        while position < bytes.count {
            let b = bytes[position]
            if b == ASCII.space || b == ASCII.tab || b == ASCII.cr || b == ASCII.lf {
                position += 1
                continue
            }
            if b != UInt8(ascii: "(") { break }
            if skipComment() < 0 { return -1 }
        }
        return moreFlag
    }

    mutating func atom(into out: inout [UInt8]) -> Int {
        guard !atEnd, Self.isAtext(current) else { return -1 }
        let start = position
        position += 1
        while position < bytes.count, Self.isAtext(bytes[position]) { position += 1 }
        out.append(contentsOf: bytes[start..<position])
        return atEnd ? 0 : skipLWSP()
    }

    /// dot-atom, allowing white space around the dots (RFC 822 compatibility).
    mutating func dotAtom(into out: inout [UInt8]) -> Int {
        guard !atEnd, Self.isAtext(current) else { return -1 }
        var start = position
        position += 1
        while position < bytes.count {
            if Self.isAtext(bytes[position]) {
                position += 1
                continue
            }
            out.append(contentsOf: bytes[start..<position])
            let r = skipLWSP()
            if r <= 0 { return r }
            if current != UInt8(ascii: ".") { return 1 }
            position += 1
            out.append(UInt8(ascii: "."))
            let r2 = skipLWSP()
            if r2 <= 0 { return r2 }
            start = position
        }
        out.append(contentsOf: bytes[start..<position])
        return 0
    }

    mutating func mimeToken(into out: inout [UInt8]) -> Int {
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if Self.isTokenChar(b) || b == UInt8(ascii: ".") {
                position += 1
                continue
            }
            out.append(contentsOf: bytes[start..<position])
            return skipLWSP()
        }
        out.append(contentsOf: bytes[start..<position])
        return 0
    }

    /// A quoted string without its quotes; quoted-pairs unescaped, folding line breaks removed.
    mutating func quotedString(into out: inout [UInt8]) -> Int {
        // precondition: current == "\""
        position += 1
        var start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                out.append(contentsOf: bytes[start..<position])
                position += 1
                return skipLWSP()
            case ASCII.lf:
                var end = position
                if end > start, bytes[end - 1] == ASCII.cr { end -= 1 }
                out.append(contentsOf: bytes[start..<end])
                start = position + 1
            case UInt8(ascii: "\\"):
                position += 1
                if position >= bytes.count { return -1 }
                out.append(contentsOf: bytes[start..<position - 1])
                start = position
            default:
                break
            }
            position += 1
        }
        return -1
    }

    private mutating func atomOrDot(into out: inout [UInt8]) -> Int {
        let start = position
        while position < bytes.count, Self.isAtext(bytes[position]) || bytes[position] == UInt8(ascii: ".") {
            position += 1
        }
        out.append(contentsOf: bytes[start..<position])
        return atEnd ? 0 : skipLWSP()
    }

    /// phrase / obs-phrase: words joined by single spaces.
    mutating func phrase(into out: inout [UInt8]) -> Int {
        if atEnd { return 0 }
        if current == UInt8(ascii: ".") { return -1 }
        while true {
            let r = current == UInt8(ascii: "\"") ? quotedString(into: &out) : atomOrDot(into: &out)
            if r <= 0 { return r }
            let c = current
            if !Self.isAtext(c) && c != UInt8(ascii: "\"") && c != UInt8(ascii: ".") { break }
            out.append(ASCII.space)
        }
        return skipLWSP()
    }

    private mutating func domainLiteral(into out: inout [UInt8]) -> Int {
        let start = position
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "\\") {
                position += 1
                if position >= bytes.count { break }
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                out.append(contentsOf: bytes[start..<position])
                return skipLWSP()
            }
            position += 1
        }
        return -1
    }

    mutating func domain(into out: inout [UInt8]) -> Int {
        // precondition: current == "@"
        position += 1
        if skipLWSP() <= 0 { return -1 }
        return current == UInt8(ascii: "[") ? domainLiteral(into: &out) : dotAtom(into: &out)
    }

    /// `type "/" subtype` into `out` as "type/subtype"; -1 when broken, -2 when the value ended right
    /// after a non-empty type (what was read stays in `out`).
    mutating func contentType(into out: inout [UInt8]) -> Int {
        if skipLWSP() <= 0 { return -1 }
        let typeStart = out.count
        let typeResult = mimeToken(into: &out)
        if out.count == typeStart || typeResult < 0 { return -1 }
        if typeResult == 0 { return -2 }
        if current != UInt8(ascii: "/") { return -1 }
        position += 1
        if skipLWSP() <= 0 { return -1 }
        out.append(UInt8(ascii: "/"))
        let subtypeStart = out.count
        let r = mimeToken(into: &out)
        return out.count == subtypeStart ? -1 : r
    }

    /// One `; attribute = value` parameter. Returns 0 at the end, -1 on a syntax error, 1 with a parameter.
    mutating func contentParameter(key: inout [UInt8], value: inout [UInt8]) -> Int {
        key.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        if atEnd { return 0 }
        if current != UInt8(ascii: ";") { return -1 }
        position += 1
        if skipLWSP() <= 0 { return -1 }
        if mimeToken(into: &key) <= 0 { return -1 }
        if current != UInt8(ascii: "=") { return -1 }
        position += 1
        var r = skipLWSP()
        if r <= 0 {
            // broken: no value
        } else if current == UInt8(ascii: "\"") {
            r = quotedString(into: &value)
        } else if current == UInt8(ascii: "=") {
            // Tolerate the common broken `name==?utf-8?b?...?=` (an unquoted encoded word).
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: ";") || b == ASCII.space || b == ASCII.tab || b == ASCII.cr || b == ASCII.lf {
                    break
                }
                value.append(b)
                position += 1
            }
        } else {
            r = mimeToken(into: &value)
        }
        return r < 0 ? -1 : 1
    }
}
