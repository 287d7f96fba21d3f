/// A small XML parser for S3 response bodies (ListObjectsV2, errors, multipart results). It
/// handles the declaration, comments, elements with attributes, self-closing tags, CDATA, the five
/// named entities and numeric character references. It refuses DTDs (no entity expansion, so no
/// expansion bombs) and input deeper or larger than the stated limits.
struct S3XMLParser {
    struct Failure: Error, Hashable, CustomStringConvertible {
        var message: String
        var description: String { "malformed XML: \(message)" }
    }

    /// Response bodies Tern parses are bounded by the caller; this guards the parser on its own.
    static let maxInputBytes = 16 << 20
    static let maxDepth = 32

    static func parse(_ bytes: some Collection<UInt8>) throws(Failure) -> S3XMLElement {
        guard bytes.count <= maxInputBytes else {
            throw Failure(message: "document of \(bytes.count) bytes exceeds \(maxInputBytes)")
        }
        var parser = S3XMLParser(input: Array(bytes))
        return try parser.document()
    }

    private let input: [UInt8]
    private var index = 0

    private init(input: [UInt8]) {
        self.input = input
    }

    private mutating func document() throws(Failure) -> S3XMLElement {
        try skipMisc()
        guard peek() == UInt8(ascii: "<") else { throw Failure(message: "no root element") }
        let root = try element(depth: 1)
        try skipMisc()
        guard index == input.count else { throw Failure(message: "content after the root element") }
        return root
    }

    /// Whitespace, the XML declaration, processing instructions and comments between elements.
    private mutating func skipMisc() throws(Failure) {
        while true {
            skipWhitespace()
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<!") {
                throw Failure(message: "DTDs are not accepted")
            } else {
                return
            }
        }
    }

    private mutating func element(depth: Int) throws(Failure) -> S3XMLElement {
        guard depth <= Self.maxDepth else { throw Failure(message: "nesting deeper than \(Self.maxDepth)") }
        index += 1  // "<"
        let qualifiedName = try name()
        var element = S3XMLElement(name: localName(qualifiedName))
        // Attributes: skipped, but parsed so that a ">" inside a quoted value cannot end the tag.
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw Failure(message: "unterminated tag <\(qualifiedName)>") }
            if byte == UInt8(ascii: "/") {
                guard starts(with: "/>") else { throw Failure(message: "stray '/' in <\(qualifiedName)>") }
                index += 2
                return element
            }
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            _ = try name()
            skipWhitespace()
            guard peek() == UInt8(ascii: "=") else { throw Failure(message: "attribute without value") }
            index += 1
            skipWhitespace()
            guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw Failure(message: "unquoted attribute value")
            }
            index += 1
            while let next = peek(), next != quote { index += 1 }
            guard peek() == quote else { throw Failure(message: "unterminated attribute value") }
            index += 1
        }

        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw Failure(message: "unterminated element <\(qualifiedName)>") }
            if byte == UInt8(ascii: "<") {
                if starts(with: "</") {
                    index += 2
                    let closing = try name()
                    guard closing == qualifiedName else {
                        throw Failure(message: "</\(closing)> closes <\(qualifiedName)>")
                    }
                    skipWhitespace()
                    guard peek() == UInt8(ascii: ">") else { throw Failure(message: "malformed end tag") }
                    index += 1
                    element.text = String(decoding: text, as: UTF8.self)
                    return element
                } else if starts(with: "<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    text.append(contentsOf: input[start..<(index - 3)])
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<?") {
                    try skip(past: "?>")
                } else {
                    element.children.append(try self.element(depth: depth + 1))
                }
            } else if byte == UInt8(ascii: "&") {
                try entity(into: &text)
            } else {
                text.append(byte)
                index += 1
            }
        }
    }

    private mutating func name() throws(Failure) -> String {
        let start = index
        while let byte = peek(), !isWhitespace(byte), byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/"),
            byte != UInt8(ascii: "="), byte != UInt8(ascii: "<")
        {
            index += 1
        }
        guard index > start else { throw Failure(message: "empty name at byte \(start)") }
        return String(decoding: input[start..<index], as: UTF8.self)
    }

    private func localName(_ qualified: String) -> String {
        if let colon = qualified.lastIndex(of: ":") {
            return String(qualified[qualified.index(after: colon)...])
        }
        return qualified
    }

    private mutating func entity(into text: inout [UInt8]) throws(Failure) {
        let start = index + 1
        var end = start
        while end < input.count, input[end] != UInt8(ascii: ";"), end - start < 12 { end += 1 }
        guard end < input.count, input[end] == UInt8(ascii: ";") else {
            throw Failure(message: "unterminated entity at byte \(index)")
        }
        let body = String(decoding: input[start..<end], as: UTF8.self)
        index = end + 1
        switch body {
        case "amp": text.append(UInt8(ascii: "&"))
        case "lt": text.append(UInt8(ascii: "<"))
        case "gt": text.append(UInt8(ascii: ">"))
        case "quot": text.append(UInt8(ascii: "\""))
        case "apos": text.append(UInt8(ascii: "'"))
        default:
            let scalarValue: UInt32?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                scalarValue = UInt32(body.dropFirst(2), radix: 16)
            } else if body.hasPrefix("#") {
                scalarValue = UInt32(body.dropFirst(), radix: 10)
            } else {
                scalarValue = nil
            }
            guard let value = scalarValue, let scalar = Unicode.Scalar(value) else {
                throw Failure(message: "unknown entity &\(body);")
            }
            text.append(contentsOf: String(Character(scalar)).utf8)
        }
    }

    private mutating func skip(past terminator: String) throws(Failure) {
        let pattern = Array(terminator.utf8)
        while index + pattern.count <= input.count {
            if input[index..<(index + pattern.count)].elementsEqual(pattern) {
                index += pattern.count
                return
            }
            index += 1
        }
        throw Failure(message: "missing \(terminator)")
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), isWhitespace(byte) { index += 1 }
    }

    private func starts(with prefix: String) -> Bool {
        let pattern = Array(prefix.utf8)
        guard index + pattern.count <= input.count else { return false }
        return input[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private func peek() -> UInt8? {
        index < input.count ? input[index] : nil
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
