/// Renders BODY (`extended: false`) and BODYSTRUCTURE (`extended: true`) per RFC 3501 7.4.2 /
/// RFC 9051 7.5.2, without the outer label. Choices the RFCs leave open follow Dovecot:
/// - sizes are CRLF sizes (a bare LF counts as CRLF) and line counts are LF counts;
/// - a part without Content-Type is `"text" "plain" ("charset" "us-ascii")`, a text part without a
///   charset parameter gets `("charset" "us-ascii")` added;
/// - a multipart without any body part (no boundary found) shows one empty text/plain part;
/// - values are written as they appear in the header (case kept), transfer encoding defaults to "7bit".
public enum BodyStructureRenderer {
    public static func render(_ structure: MessageStructure, extended: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(renderedCapacity)
        render(structure.root, extended: extended, into: &out)
        return out
    }

    /// Writes `part` as a parenthesised body.
    public static func render(_ part: MIMEPart, extended: Bool, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "("))
        switch part.kind {
        case .multipart: writeMultipart(part, extended: extended, into: &out)
        case .message, .leaf: writeSinglePart(part, extended: extended, into: &out)
        }
        out.append(UInt8(ascii: ")"))
    }

    /// Room reserved for one rendering: a typical multipart's fits, so the array grows once or
    /// not at all instead of doubling from empty (FETCH renders one per message).
    static let renderedCapacity = 512

    static let emptyBody = Array(#"("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0)"#.utf8)
    static let emptyBodyStructure = Array(#"("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL)"#.utf8)
    static let defaultCharsetParameter = Array(#""charset" "us-ascii""#.utf8)

    static func writeMultipart(_ part: MIMEPart, extended: Bool, into out: inout [UInt8]) {
        if part.children.isEmpty {
            out.append(contentsOf: extended ? emptyBodyStructure : emptyBody)
        } else {
            for child in part.children { render(child, extended: extended, into: &out) }
        }
        out.append(ASCII.space)
        IMAPStringWriter.string(part.content.subtype ?? [], into: &out)
        guard extended else { return }
        out.append(ASCII.space)
        writeParameters(part.content.parameters, defaultCharset: false, into: &out)
        writeExtensionCommon(part.content, into: &out)
    }

    static func writeSinglePart(_ part: MIMEPart, extended: Bool, into out: inout [UInt8]) {
        let content = part.content
        let text: Bool
        if part.kind == .message {
            out.append(contentsOf: #""message" "rfc822""#.utf8)
            text = false
        } else if let type = content.type {
            text = ASCII.equalsIgnoringCase(type, "text")
            IMAPStringWriter.string(type, into: &out)
            out.append(ASCII.space)
            IMAPStringWriter.string(content.subtype ?? [], into: &out)
        } else {
            text = true
            out.append(contentsOf: #""text" "plain""#.utf8)
        }
        out.append(ASCII.space)
        writeParameters(content.parameters, defaultCharset: text, into: &out)
        out.append(ASCII.space)
        IMAPStringWriter.nilOrStringWithoutLineBreaks(content.id, into: &out)
        out.append(ASCII.space)
        IMAPStringWriter.nilOrStringWithoutLineBreaks(content.description, into: &out)
        out.append(ASCII.space)
        if let encoding = content.transferEncoding {
            IMAPStringWriter.string(encoding, into: &out)
        } else {
            out.append(contentsOf: #""7bit""#.utf8)
        }
        out.append(ASCII.space)
        ASCII.appendDecimal(part.bodyCRLFSize, to: &out)
        if text {
            out.append(ASCII.space)
            ASCII.appendDecimal(part.bodyLines, to: &out)
        } else if part.kind == .message {
            let message = part.children.first ?? MIMEPart()
            out.append(ASCII.space)
            EnvelopeRenderer.render(message.envelope ?? EnvelopeFields(), into: &out)
            out.append(ASCII.space)
            render(message, extended: extended, into: &out)
            out.append(ASCII.space)
            ASCII.appendDecimal(part.bodyLines, to: &out)
        }
        guard extended else { return }
        out.append(ASCII.space)
        IMAPStringWriter.nilOrStringWithoutLineBreaks(content.md5, into: &out)
        writeExtensionCommon(content, into: &out)
    }

    /// ` disposition language location`
    static func writeExtensionCommon(_ content: ContentFields, into out: inout [UInt8]) {
        out.append(ASCII.space)
        if let disposition = content.disposition {
            out.append(UInt8(ascii: "("))
            IMAPStringWriter.string(disposition, into: &out)
            out.append(ASCII.space)
            writeParameters(content.dispositionParameters, defaultCharset: false, into: &out)
            out.append(UInt8(ascii: ")"))
        } else {
            out.append(contentsOf: "NIL".utf8)
        }
        out.append(ASCII.space)
        if let language = content.language, !language.isEmpty {
            out.append(UInt8(ascii: "("))
            for (i, tag) in language.enumerated() {
                if i > 0 { out.append(ASCII.space) }
                IMAPStringWriter.string(tag, into: &out)
            }
            out.append(UInt8(ascii: ")"))
        } else {
            out.append(contentsOf: "NIL".utf8)
        }
        out.append(ASCII.space)
        IMAPStringWriter.nilOrStringWithoutLineBreaks(content.location, into: &out)
    }

    static func writeParameters(_ parameters: [MIMEParameter], defaultCharset: Bool, into out: inout [UInt8]) {
        if parameters.isEmpty && !defaultCharset {
            out.append(contentsOf: "NIL".utf8)
            return
        }
        out.append(UInt8(ascii: "("))
        var seenCharset = false
        for (i, parameter) in parameters.enumerated() {
            if i > 0 { out.append(ASCII.space) }
            if ASCII.equalsIgnoringCase(parameter.name, "charset") { seenCharset = true }
            IMAPStringWriter.string(IMAPStringWriter.replacingNUL(parameter.name), into: &out)
            out.append(ASCII.space)
            IMAPStringWriter.string(IMAPStringWriter.replacingNUL(parameter.value), into: &out)
        }
        if defaultCharset && !seenCharset {
            if !parameters.isEmpty { out.append(ASCII.space) }
            out.append(contentsOf: defaultCharsetParameter)
        }
        out.append(UInt8(ascii: ")"))
    }
}
