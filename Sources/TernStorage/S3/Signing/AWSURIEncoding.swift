/// Percent-encoding as SigV4 defines it (and as every S3 request path and query must use, so that
/// what is signed is exactly what is sent): the unreserved characters `A-Z a-z 0-9 - _ . ~` stay,
/// every other byte of the UTF-8 form becomes `%XX` with upper-case hex. In a path, `/` stays too.
enum AWSURIEncoding {
    /// Encodes an object key (or any path) for the request URI; `/` separates segments and is kept.
    static func encodePath(_ path: String) -> String {
        encode(path, keepSlash: true)
    }

    /// Encodes a query parameter name or value; `/` becomes `%2F`.
    static func encodeQueryComponent(_ value: String) -> String {
        encode(value, keepSlash: false)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func encode(_ value: String, keepSlash: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
