import Crypto
import NIOCore

/// Digests and encodings S3 headers carry.
enum S3Bytes {
    /// `Content-MD5`: base64 of the body's MD5, so the service rejects a body damaged in transit.
    static func contentMD5(_ body: ByteBuffer) -> String {
        base64(Array(md5(body)))
    }

    static func md5(_ body: ByteBuffer) -> Insecure.MD5Digest {
        var hasher = Insecure.MD5()
        body.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize()
    }

    /// The ETag S3 gives an object stored by a single PUT without KMS or customer keys: the quoted
    /// hex MD5 of its bytes.
    static func plainETag(_ digest: Insecure.MD5Digest) -> String {
        "\"" + SigV4Signer.hex(digest) + "\""
    }

    /// Whether `etag` looks like a plain MD5 ETag (32 hex digits, quoted), as opposed to a
    /// multipart ETag (`"...-N"`) or an opaque one.
    static func isPlainMD5ETag(_ etag: String) -> Bool {
        let bare = etag.utf8.filter { $0 != UInt8(ascii: "\"") }
        return bare.count == 32
            && bare.allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
