/// Decodes header text to Unicode: RFC 2047 encoded words, raw UTF-8 (RFC 6532), broken input.
///
/// - `=?charset[*lang]?B|Q?text?=` words are decoded; whitespace between two encoded words is
///   dropped (RFC 2047 section 6.2), and adjacent words in the same charset are joined *before*
///   charset conversion, so a multibyte character split across two words survives.
/// - Tolerated breakage: encoded words glued to other text, spaces inside the encoded text,
///   lowercase `b`/`q`, missing base64 padding, an unknown charset (the decoded bytes are used if
///   they are UTF-8, otherwise the word stays as written).
/// - Raw 8-bit text is taken as UTF-8 when valid; otherwise it is decoded with `fallbackCharset`
///   (if given and known), else each invalid byte becomes U+FFFD.
/// - Folding line breaks (CR, LF) are removed; the whitespace after them stays.
/// Cost is linear in the input (encoded words are capped at `maxEncodedTextLength`); callers pass
/// one field value, which the scanner bounds.
public enum EncodedWordDecoder {
    /// Longest charset label accepted inside an encoded word.
    static let maxCharsetLength = 64
    /// Longest encoded text searched for its closing "?=". RFC 2047 allows 75 characters per word;
    /// broken senders write longer ones. The cap keeps decoding linear on hostile input such as
    /// thousands of unterminated "=?x?q?" openers.
    static let maxEncodedTextLength = 2048

    public static func decode<Bytes: Collection<UInt8>>(_ raw: Bytes, fallbackCharset: String? = nil) -> String {
        let bytes = Array(raw.lazy.filter { $0 != 0x0D && $0 != 0x0A })
        var result = ""
        var literal: [UInt8] = []
        // The decoded bytes of the current run of adjacent same-charset words, joined in place.
        var pending: (charset: String, bytes: [UInt8])? = nil
        var whitespaceAfterWord: [UInt8] = []
        var index = 0

        func flushPending() {
            guard let word = pending else { return }
            result += decodeCharset(word.bytes, charset: word.charset) ?? ""
            pending = nil
        }
        func flushLiteral() {
            guard !literal.isEmpty else { return }
            result += decodeRaw(literal, fallbackCharset: fallbackCharset)
            literal.removeAll()
        }

        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?"),
                let word = parseWord(bytes, at: index)
            {
                // Whitespace between two encoded words is dropped; before the first it is text.
                if pending == nil || !literal.isEmpty {
                    literal.append(contentsOf: whitespaceAfterWord)
                }
                whitespaceAfterWord.removeAll()
                if pending != nil, literal.isEmpty,
                    pending?.charset.lowercased() == word.charset.lowercased()
                {
                    pending?.bytes.append(contentsOf: word.decoded)
                } else {
                    flushPending()
                    flushLiteral()
                    if decodeCharset(word.decoded, charset: word.charset) != nil {
                        pending = (word.charset, word.decoded)
                    } else {
                        // Undecodable: keep the word as written.
                        literal.append(contentsOf: bytes[index..<word.end])
                    }
                }
                index = word.end
                continue
            }
            let byte = bytes[index]
            if pending != nil, literal.isEmpty, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                whitespaceAfterWord.append(byte)
            } else {
                if pending != nil, literal.isEmpty {
                    flushPending()
                    literal.append(contentsOf: whitespaceAfterWord)
                    whitespaceAfterWord.removeAll()
                }
                literal.append(byte)
            }
            index += 1
        }
        flushPending()
        literal.append(contentsOf: whitespaceAfterWord)
        flushLiteral()
        return result
    }

    struct Word {
        var charset: String
        var decoded: [UInt8]
        var end: Int
    }

    /// Parses `=?charset?X?text?=` starting at `start` (which holds "=?").
    static func parseWord(_ bytes: [UInt8], at start: Int) -> Word? {
        var index = start + 2
        let charsetStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "?") {
            let byte = bytes[index]
            if byte <= 0x20 || byte >= 0x7F || index - charsetStart > maxCharsetLength { return nil }
            index += 1
        }
        guard index + 3 < bytes.count, index > charsetStart else { return nil }
        var charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let encoding = bytes[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q"),
            bytes[index + 2] == UInt8(ascii: "?")
        else { return nil }
        let textStart = index + 3
        var textEnd = textStart
        while textEnd + 1 < bytes.count, textEnd - textStart <= maxEncodedTextLength {
            if bytes[textEnd] == UInt8(ascii: "?"), bytes[textEnd + 1] == UInt8(ascii: "=") { break }
            textEnd += 1
        }
        guard textEnd + 1 < bytes.count, textEnd - textStart <= maxEncodedTextLength else { return nil }
        let text = bytes[textStart..<textEnd]
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            var decoder = Base64StreamDecoder()
            decoded = decoder.transformAll(text)
        } else {
            decoded = decodeQ(text)
        }
        return Word(charset: charset, decoded: decoded, end: textEnd + 2)
    }

    /// RFC 2047 section 4.2: "_" is a space, "=XX" a byte; a broken "=" stays literal.
    static func decodeQ(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "_") {
                output.append(0x20)
            } else if byte == UInt8(ascii: "="), index + 2 < text.endIndex,
                let high = QuotedPrintableStreamDecoder.hexValue(text[index + 1]),
                let low = QuotedPrintableStreamDecoder.hexValue(text[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// The word's bytes in its charset as a String; nil when the charset is unknown and the bytes
    /// are not UTF-8.
    static func decodeCharset(_ bytes: [UInt8], charset: String) -> String? {
        if var decoder = try? CharsetDecoder(charset: charset) {
            return String(decoding: decoder.transformAll(bytes), as: UTF8.self)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func decodeRaw(_ bytes: [UInt8], fallbackCharset: String?) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let fallbackCharset, var decoder = try? CharsetDecoder(charset: fallbackCharset) {
            return String(decoding: decoder.transformAll(bytes), as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
