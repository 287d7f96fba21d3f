/// Parsers for the MIME header fields recorded in `ContentFields`. Input is a raw field value (after the
/// colon, leading white space removed, folding kept). Broken input yields as much as could be read.
enum MIMEFieldParser {
    /// Boundaries longer than this are cut (RFC 2046 allows 70; Dovecot cuts at 80).
    static let maxBoundaryLength = 80

    struct ContentType {
        var type: [UInt8]
        var subtype: [UInt8]
        /// `nil` when the type/subtype syntax was broken (parameters are then not read).
        var parameters: [MIMEParameter]?
        /// "type/subtype" as read, used to classify the part.
        var combined: [UInt8]
    }

    static func contentType(_ value: [UInt8]) -> ContentType {
        var lexer = RFC822Lexer(value)
        _ = lexer.skipLWSP()
        var combined: [UInt8] = []
        let result = lexer.contentType(into: &combined)
        var type: [UInt8] = []
        var subtype: [UInt8] = []
        if result == -2 {
            // "Content-Type: text": Dovecot keeps the type with an empty subtype.
            type = combined
        } else if result < 0 {
            // Other broken syntax: Dovecot reports an empty type and subtype (and no parameters).
            combined = []
        } else if let slash = combined.firstIndex(of: UInt8(ascii: "/")) {
            type = Array(combined[..<slash])
            subtype = Array(combined[(slash + 1)...])
        } else {
            type = combined
        }
        let parameters = result < 0 ? nil : rfc2231Parameters(&lexer)
        return ContentType(type: type, subtype: subtype, parameters: parameters, combined: combined)
    }

    /// The leading mechanism token whatever follows it (Dovecot's rule for deciding BINARY decoding).
    static func transferEncodingToken(_ value: [UInt8]) -> [UInt8] {
        var lexer = RFC822Lexer(value)
        _ = lexer.skipLWSP()
        var token: [UInt8] = []
        _ = lexer.mimeToken(into: &token)
        return token
    }

    /// The mechanism token, or nil when the value is not exactly one token.
    static func transferEncoding(_ value: [UInt8]) -> [UInt8]? {
        var lexer = RFC822Lexer(value)
        _ = lexer.skipLWSP()
        var token: [UInt8] = []
        guard lexer.mimeToken(into: &token) >= 0, lexer.skipLWSP() == 0, !token.isEmpty else { return nil }
        return token
    }

    static func disposition(_ value: [UInt8]) -> (disposition: [UInt8], parameters: [MIMEParameter])? {
        var lexer = RFC822Lexer(value)
        _ = lexer.skipLWSP()
        var token: [UInt8] = []
        guard lexer.mimeToken(into: &token) >= 0 else { return nil }
        return (token, rfc2231Parameters(&lexer))
    }

    /// Content-Language (RFC 3282): a comma-separated list of language tags.
    static func language(_ value: [UInt8]) -> [[UInt8]]? {
        var lexer = RFC822Lexer(value)
        var tags: [[UInt8]] = []
        _ = lexer.skipLWSP()
        while true {
            var tag: [UInt8] = []
            guard lexer.atom(into: &tag) >= 0 else { break }
            tags.append(tag)
            if lexer.atEnd || lexer.current != UInt8(ascii: ",") { break }
            lexer.position += 1
            _ = lexer.skipLWSP()
        }
        return tags.isEmpty ? nil : tags
    }

    /// The multipart boundary of a Content-Type, if it has one.
    static func boundary(of contentType: ContentType) -> [UInt8]? {
        guard let params = contentType.parameters else { return nil }
        guard let value = params.first(where: { ASCII.equalsIgnoringCase($0.name, "boundary") })?.value else {
            return nil
        }
        return Array(value.prefix(maxBoundaryLength))
    }

    /// `*(";" parameter)` with RFC 2231 continuations merged: plain parameters keep their order;
    /// `name*0`, `name*1*`, ... are sorted by name and index and joined into `name` (or `name*` when any
    /// segment is extended, in which case plain segments get their '%' escaped). A set with a missing
    /// index is reported unmerged.
    static func rfc2231Parameters(_ lexer: inout RFC822Lexer) -> [MIMEParameter] {
        struct Segment {
            var key: [UInt8]
            var value: [UInt8]
            var index: Int
            var extended: Bool
            var order: Int
        }
        var result: [MIMEParameter] = []
        var segments: [Segment] = []
        var key: [UInt8] = []
        var value: [UInt8] = []
        while true {
            let r = lexer.contentParameter(key: &key, value: &value)
            if r == 0 { break }
            if r < 0 {
                if lexer.atEnd { break }
                lexer.position += 1
                continue
            }
            if let star = key.firstIndex(of: UInt8(ascii: "*")) {
                var p = star
                var index = 0
                if p + 1 < key.count {
                    p += 1
                    while p < key.count, key[p] >= UInt8(ascii: "0"), key[p] <= UInt8(ascii: "9") {
                        index = min(index &* 10 &+ Int(key[p] - UInt8(ascii: "0")), 1 << 30)
                        p += 1
                    }
                }
                var extended = false
                if p < key.count, key[p] == UInt8(ascii: "*") {
                    extended = true
                    p += 1
                }
                if p >= key.count {
                    segments.append(
                        Segment(key: Array(key[..<star]), value: value, index: index, extended: extended,
                                order: segments.count))
                    continue
                }
            }
            result.append(MIMEParameter(name: key, value: value))
        }
        guard !segments.isEmpty else { return result }
        // Sort by exact key bytes, then index (a stable sort keeps duplicates in input order).
        segments.sort { a, b in
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
            if a.index != b.index { return a.index < b.index }
            return a.order < b.order
        }
        var i = 0
        while i < segments.count {
            var j = i
            var ok = true
            var hasExtended = false
            var nextIndex = 0
            while j < segments.count, ASCII.equalsIgnoringCase(segments[i].key, segments[j].key) {
                if segments[j].index != nextIndex { ok = false }
                if segments[j].extended { hasExtended = true }
                nextIndex += 1
                j += 1
            }
            if !ok {
                for s in segments[i..<j] {
                    var name = s.key
                    name.append(UInt8(ascii: "*"))
                    ASCII.appendDecimal(s.index, to: &name)
                    if s.extended { name.append(UInt8(ascii: "*")) }
                    result.append(MIMEParameter(name: name, value: s.value))
                }
            } else {
                var merged: [UInt8] = []
                if !segments[i].extended && hasExtended { merged.append(contentsOf: "''".utf8) }
                for s in segments[i..<j] {
                    if !s.extended && hasExtended {
                        for b in s.value {
                            if b == UInt8(ascii: "%") { merged.append(contentsOf: "%25".utf8) } else { merged.append(b) }
                        }
                    } else {
                        merged.append(contentsOf: s.value)
                    }
                }
                var name = segments[i].key
                if hasExtended { name.append(UInt8(ascii: "*")) }
                result.append(MIMEParameter(name: name, value: merged))
            }
            i = j
        }
        return result
    }
}
