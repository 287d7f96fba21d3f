/// Where TernMIME deliberately answers differently from Dovecot, with the clause that justifies it.
/// Mirrored in docs/internals/mime-dovecot-differences.md. `item` "*" covers every item of the file.
enum DovecotDifferences {
    struct Entry: Sendable {
        var file: String
        var item: String
        var clause: String

        func matches(file: String, item: String) -> Bool {
            self.file == file && (self.item == "*" || self.item == item)
        }
    }

    static let base64Ignore = "RFC 2045 6.8: characters outside the base64 alphabet are ignored (Dovecot: NO [PARSE])"
    static let base64Padding =
        "RFC 2045 6.8 / RFC 4648 3.2-3.3: whole octets of an unpadded tail are data (Dovecot: NO [SERVERBUG], disconnect)"
    static let base64EarlyPad =
        "RFC 2045 6.8: an '=' is evidence that the end of the data was reached (Dovecot: NO [PARSE])"
    static let qpRobust =
        "RFC 2045 6.7 note (2): a robust decoder keeps an invalid '=' sequence as data (Dovecot: NO [PARSE])"
    static let lastCR =
        "RFC 3501 2.2.1/6.4.5: body octets are served as stored; Dovecot drops a lone CR ending the message"

    static let compositeBinary =
        "RFC 3516 4 + RFC 2045 6.4: a multipart's own encoding is 7bit/8bit/binary, so BINARY sends it as stored "
        + "(Dovecot also decodes the nested parts and rewrites their Content-Transfer-Encoding to binary)"

    static let known: [Entry] = [
        Entry(file: "t-base64-garbage.eml", item: "BINARY[1]", clause: base64Ignore),
        Entry(file: "t-base64-garbage.eml", item: "BINARY.SIZE[1]", clause: base64Ignore),
        Entry(file: "t-base64-multipart-garbage.eml", item: "BINARY[1]", clause: base64Ignore),
        Entry(file: "t-base64-multipart-garbage.eml", item: "BINARY.SIZE[1]", clause: base64Ignore),
        Entry(file: "t-base64-multipart-garbage.eml", item: "BINARY[1.1]", clause: base64Ignore),
        Entry(file: "t-base64-multipart-garbage.eml", item: "BINARY.SIZE[1.1]", clause: base64Ignore),
        Entry(file: "t-base64-no-padding.eml", item: "BINARY[1]", clause: base64Padding),
        Entry(file: "t-base64-no-padding.eml", item: "BINARY.SIZE[1]", clause: base64Padding),
        Entry(file: "t-base64-single-char-tail.eml", item: "BINARY[1]", clause: base64Padding),
        Entry(file: "t-base64-single-char-tail.eml", item: "BINARY.SIZE[1]", clause: base64Padding),
        Entry(file: "t-base64-padding-middle.eml", item: "BINARY[1]", clause: base64EarlyPad),
        Entry(file: "t-base64-padding-middle.eml", item: "BINARY.SIZE[1]", clause: base64EarlyPad),
        Entry(file: "t-qp-broken.eml", item: "BINARY[1]", clause: qpRobust),
        Entry(file: "t-qp-broken.eml", item: "BINARY.SIZE[1]", clause: qpRobust),
        Entry(file: "t-cr-only.eml", item: "*", clause: lastCR),
        Entry(file: "rw-apple-mixed-alternative-related.eml", item: "BINARY[1]", clause: compositeBinary),
        Entry(file: "rw-apple-mixed-alternative-related.eml", item: "BINARY.SIZE[1]", clause: compositeBinary),
        Entry(file: "rw-invite-google.eml", item: "BINARY[1]", clause: compositeBinary),
        Entry(file: "rw-invite-google.eml", item: "BINARY.SIZE[1]", clause: compositeBinary),
        Entry(file: "rw-outlook-related-in-alternative.eml", item: "BINARY[2]", clause: compositeBinary),
        Entry(file: "rw-outlook-related-in-alternative.eml", item: "BINARY.SIZE[2]", clause: compositeBinary),
        Entry(file: "rw-pgp-signed.eml", item: "BINARY[1]", clause: compositeBinary),
        Entry(file: "rw-pgp-signed.eml", item: "BINARY.SIZE[1]", clause: compositeBinary),
    ]

    static func covers(file: String, item: String) -> Bool {
        known.contains { $0.matches(file: file, item: item) }
    }
}
