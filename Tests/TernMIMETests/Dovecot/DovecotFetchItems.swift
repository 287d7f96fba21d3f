import NIOCore

@testable import TernMIME

/// What a FETCH item evaluates to, on either side of the comparison.
enum FetchValue: Equatable, CustomStringConvertible {
    /// The item's value exactly as written in the FETCH response (ENVELOPE, BODYSTRUCTURE, sizes).
    case syntax([UInt8])
    /// A section's content (the literal's or quoted string's bytes); nil for NIL.
    case content([UInt8]?)
    /// The server refused the item (tagged NO/BAD); carries the status text.
    case refused(String)

    var description: String {
        switch self {
        case .syntax(let bytes): "syntax \(Self.show(bytes))"
        case .content(let bytes): bytes.map { "content(\($0.count)) \(Self.show($0))" } ?? "NIL"
        case .refused(let text): "refused \(text)"
        }
    }

    static func show(_ bytes: [UInt8], limit: Int = 400) -> String {
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self).debugDescription
        return bytes.count > limit ? text + "..." : text
    }

    /// The whole value, for the diff files.
    var fullDescription: String {
        switch self {
        case .syntax(let bytes): "syntax " + Self.show(bytes, limit: .max)
        case .content(let bytes): bytes.map { "content(\($0.count)) " + Self.show($0, limit: .max) } ?? "NIL"
        case .refused(let text): "refused \(text)"
        }
    }
}

/// One FETCH item the comparison asks both Dovecot and TernMIME for.
struct DovecotFetchItem: Sendable {
    enum Kind: Sendable {
        case envelope, bodyStructure, body, rfc822Size
        case section(SectionSpec, FetchPartial?)
        case binarySize([Int])
        case binary([Int])
    }

    /// The item as sent in FETCH (PEEK forms, so no \Seen flag changes).
    var request: String
    /// The name used in the differences table ("BODY[1.MIME]", "BINARY.SIZE[1]").
    var label: String
    var kind: Kind

    /// The full list compared per message.
    static let all: [DovecotFetchItem] = {
        var items: [DovecotFetchItem] = [
            .init(request: "ENVELOPE", label: "ENVELOPE", kind: .envelope),
            .init(request: "BODYSTRUCTURE", label: "BODYSTRUCTURE", kind: .bodyStructure),
            .init(request: "BODY", label: "BODY", kind: .body),
            .init(request: "RFC822.SIZE", label: "RFC822.SIZE", kind: .rfc822Size),
            .init(request: "BODY.PEEK[HEADER]", label: "BODY[HEADER]", kind: .section(SectionSpec(text: .header), nil)),
            .init(request: "BODY.PEEK[TEXT]", label: "BODY[TEXT]", kind: .section(SectionSpec(text: .text), nil)),
            .init(
                request: "BODY.PEEK[HEADER.FIELDS (From Subject)]",
                label: "BODY[HEADER.FIELDS (From Subject)]",
                kind: .section(SectionSpec(text: .headerFields([Array("From".utf8), Array("Subject".utf8)])), nil)
            ),
            .init(
                request: "BODY.PEEK[HEADER.FIELDS.NOT (From Subject Received)]",
                label: "BODY[HEADER.FIELDS.NOT (From Subject Received)]",
                kind: .section(
                    SectionSpec(text: .headerFieldsNot(["From", "Subject", "Received"].map { Array($0.utf8) })),
                    nil
                )
            ),
            .init(
                request: "BODY.PEEK[TEXT]<3.40>",
                label: "BODY[TEXT]<3.40>",
                kind: .section(SectionSpec(text: .text), FetchPartial(offset: 3, length: 40))
            ),
        ]
        for path in [[1], [2], [1, 1], [1, 2], [2, 1]] {
            let name = path.map(String.init).joined(separator: ".")
            items.append(
                .init(
                    request: "BODY.PEEK[\(name)]",
                    label: "BODY[\(name)]",
                    kind: .section(SectionSpec(part: path), nil)
                )
            )
            items.append(
                .init(
                    request: "BODY.PEEK[\(name).MIME]",
                    label: "BODY[\(name).MIME]",
                    kind: .section(SectionSpec(part: path, text: .mime), nil)
                )
            )
        }
        for path in [[1], [2]] {
            let name = path.map(String.init).joined(separator: ".")
            items.append(
                .init(
                    request: "BODY.PEEK[\(name).HEADER]",
                    label: "BODY[\(name).HEADER]",
                    kind: .section(SectionSpec(part: path, text: .header), nil)
                )
            )
            items.append(
                .init(
                    request: "BODY.PEEK[\(name).TEXT]",
                    label: "BODY[\(name).TEXT]",
                    kind: .section(SectionSpec(part: path, text: .text), nil)
                )
            )
            items.append(.init(request: "BINARY.SIZE[\(name)]", label: "BINARY.SIZE[\(name)]", kind: .binarySize(path)))
            items.append(.init(request: "BINARY.PEEK[\(name)]", label: "BINARY[\(name)]", kind: .binary(path)))
        }
        items.append(.init(request: "BINARY.SIZE[1.1]", label: "BINARY.SIZE[1.1]", kind: .binarySize([1, 1])))
        items.append(.init(request: "BINARY.PEEK[1.1]", label: "BINARY[1.1]", kind: .binary([1, 1])))
        return items
    }()

    /// Paths compared by `all` already.
    static let staticPaths: Set<[Int]> = [[1], [2], [1, 1], [1, 2], [2, 1]]
    /// Most extra part paths compared per message (deep and wide messages are capped).
    static let maxExtraPaths = 24

    /// Extra items for the other parts of this message's tree as TernMIME sees it (depth first):
    /// BODY[p], BODY[p.MIME], BINARY.SIZE[p], plus BODY[p.HEADER] for message/rfc822 parts.
    static func extra(for structure: MessageStructure) -> [DovecotFetchItem] {
        var paths: [([Int], MIMEPart)] = []
        func numbered(_ node: MIMEPart) -> [MIMEPart] {
            switch node.kind {
            case .multipart: return node.children
            case .message:
                guard let inner = node.children.first else { return [] }
                return inner.kind == .multipart ? inner.children : [inner]
            case .leaf: return []
            }
        }
        func walk(_ node: MIMEPart, _ path: [Int]) {
            for (index, child) in numbered(node).enumerated() where paths.count < maxExtraPaths {
                let childPath = path + [index + 1]
                if !staticPaths.contains(childPath) { paths.append((childPath, child)) }
                walk(child, childPath)
            }
        }
        let root = structure.root
        if root.kind == .multipart {
            walk(root, [])
        } else {
            walk(MIMEPart(kind: .multipart, children: [root]), [])  // a single-part message's body is part 1
        }
        var items: [DovecotFetchItem] = []
        for (path, part) in paths {
            let name = path.map(String.init).joined(separator: ".")
            items.append(
                .init(
                    request: "BODY.PEEK[\(name)]",
                    label: "BODY[\(name)]",
                    kind: .section(SectionSpec(part: path), nil)
                )
            )
            items.append(
                .init(
                    request: "BODY.PEEK[\(name).MIME]",
                    label: "BODY[\(name).MIME]",
                    kind: .section(SectionSpec(part: path, text: .mime), nil)
                )
            )
            items.append(.init(request: "BINARY.SIZE[\(name)]", label: "BINARY.SIZE[\(name)]", kind: .binarySize(path)))
            items.append(.init(request: "BINARY.PEEK[\(name)]", label: "BINARY[\(name)]", kind: .binary(path)))
            if part.kind == .message {
                items.append(
                    .init(
                        request: "BODY.PEEK[\(name).HEADER]",
                        label: "BODY[\(name).HEADER]",
                        kind: .section(SectionSpec(part: path, text: .header), nil)
                    )
                )
            }
        }
        return items
    }

    /// TernMIME's answer for this item, from the scanned structure and the stored bytes.
    func ternValue(structure: MessageStructure, message: [UInt8]) -> FetchValue {
        switch self.kind {
        case .envelope:
            return .syntax(EnvelopeRenderer.render(structure.envelope))
        case .bodyStructure:
            return .syntax(BodyStructureRenderer.render(structure, extended: true))
        case .body:
            return .syntax(BodyStructureRenderer.render(structure, extended: false))
        case .rfc822Size:
            return .syntax(Array(String(structure.root.headerCRLFSize + structure.root.bodyCRLFSize).utf8))
        case .section(let spec, let partial):
            // The server sends sections through IMAPLiteralNormalizer (CRLF, no NUL); a partial
            // applies to what is sent.
            let content: [UInt8]
            switch SectionResolver.resolve(spec, in: structure) {
            case .ranges(let ranges):
                content = IMAPLiteralNormalizer.normalize(ranges.flatMap { Self.bytes(message, $0) })
            case .filteredHeader(let range, let filter, _):
                content = IMAPLiteralNormalizer.normalize(
                    HeaderFieldFilter.filter(Self.bytes(message, range), names: filter.names, exclude: filter.exclude)
                )
            case .missing:
                content = []
            }
            guard let partial else { return .content(content) }
            return .content(Array(content[partial.window(ofSize: content.count)]))
        case .binarySize(let path):
            switch BinarySection.resolve(part: path, in: structure) {
            case .decode(let range, let encoding, _):
                let size: Int
                if encoding == .identity {
                    size = IMAPLiteralNormalizer.normalize(Self.bytes(message, range), replacesNUL: false).count
                } else {
                    size = BinarySection.decodedSize(
                        of: [ByteBuffer(bytes: Self.bytes(message, range))],
                        encoding: encoding
                    )
                }
                return .syntax(Array(String(size).utf8))
            case .missing:
                return .syntax(Array("0".utf8))
            case .unknownEncoding:
                return .refused("UNKNOWN-CTE")
            }
        case .binary(let path):
            switch BinarySection.resolve(part: path, in: structure) {
            case .decode(let range, let encoding, _):
                // Identity parts are sent with CRLF line ends, as Dovecot does (NUL kept: literal8).
                if encoding == .identity {
                    return .content(IMAPLiteralNormalizer.normalize(Self.bytes(message, range), replacesNUL: false))
                }
                var decoder = encoding.makeDecoder()
                return .content(decoder.transformAll(Self.bytes(message, range)))
            case .missing:
                return .content([])
            case .unknownEncoding:
                return .refused("UNKNOWN-CTE")
            }
        }
    }

    static func bytes(_ message: [UInt8], _ range: ByteRange) -> [UInt8] {
        let start = min(max(0, range.offset), message.count)
        let end = min(message.count, start + max(0, range.count))
        return Array(message[start..<end])
    }

    /// Dovecot's answer, from the untagged FETCH response for this item (or the refusal).
    func dovecotValue(_ response: IMAPTestClient.Response, sequence: Int) -> FetchValue {
        guard response.isOK else {
            let status = String(decoding: response.status, as: UTF8.self)
            return .refused(status.contains("UNKNOWN-CTE") ? "UNKNOWN-CTE" : status)
        }
        let prefix = Array("* \(sequence) FETCH (".utf8)
        guard let line = response.untagged.first(where: { $0.starts(with: prefix) }), line.count >= prefix.count + 3
        else {
            return .refused("no FETCH response")
        }
        // "ITEM VALUE)\r\n": the item name ends at the first space outside brackets.
        let body = Array(line[prefix.count..<(line.count - 3)])
        var depth = 0
        var valueStart = body.count
        for (index, byte) in body.enumerated() {
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") { depth -= 1 }
            if byte == UInt8(ascii: " "), depth == 0 {
                valueStart = index + 1
                break
            }
        }
        let value = Array(body[min(valueStart, body.count)...])
        switch self.kind {
        case .envelope, .bodyStructure, .body, .rfc822Size, .binarySize:
            return .syntax(value)
        case .section, .binary:
            return .content(Self.parseString(value))
        }
    }

    /// The bytes of an IMAP string (literal, literal8 or quoted); nil for NIL.
    static func parseString(_ value: [UInt8]) -> [UInt8]? {
        if value == Array("NIL".utf8) { return nil }
        var start = 0
        if value.first == UInt8(ascii: "~") { start = 1 }
        if value.count > start, value[start] == UInt8(ascii: "{"),
            let close = value[start...].firstIndex(of: UInt8(ascii: "}")), close + 2 < value.count + 1
        {
            return Array(value[min(close + 3, value.count)...])
        }
        if value.first == UInt8(ascii: "\""), value.count >= 2 {
            var out: [UInt8] = []
            var escaped = false
            for byte in value[1..<(value.count - 1)] {
                if escaped || byte != UInt8(ascii: "\\") {
                    out.append(byte)
                    escaped = false
                } else {
                    escaped = true
                }
            }
            return out
        }
        return value
    }
}
