import NIOCore

/// Writes replies in wire form: `250-first\r\n250 last\r\n`, the enhanced code after the reply code on every line.
public enum LMTPReplyEncoder {
    public static func encode(_ reply: LMTPReply, into buffer: inout ByteBuffer) {
        for (index, line) in reply.lines.enumerated() {
            buffer.writeString(String(reply.code))
            buffer.writeString(index == reply.lines.count - 1 ? " " : "-")
            if let enhanced = reply.enhanced {
                buffer.writeString(enhanced.description)
                if !line.isEmpty { buffer.writeString(" ") }
            }
            buffer.writeString(sanitized(line))
            buffer.writeString("\r\n")
        }
    }

    public static func encode(_ reply: LMTPReply) -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(reply, into: &buffer)
        return buffer
    }

    /// Reply text never carries a line break: an address echoed back could otherwise inject a reply line.
    private static func sanitized(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
    }
}
