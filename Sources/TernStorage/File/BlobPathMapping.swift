/// Maps opaque blob keys to paths under the store's `blobs/` directory and back, so that no key can
/// name a path outside it.
///
/// A key is split at `/`; every segment but the last becomes a directory named `d<escaped>`, the last
/// a file named `f<escaped>`. The one-letter prefix keeps a name from ever being `.`, `..` or empty
/// and lets the key `a` and the keys `a/...` coexist. Escaping keeps `a-z 0-9 - . _ ~` and writes
/// every other byte as `%xx` (lower-case hex, so names are also safe on case-insensitive file systems).
enum BlobPathMapping {
    /// Longest file name most file systems accept.
    static let maxNameBytes = 255
    /// Longest relative path we produce; keeps absolute paths well under PATH_MAX (4096).
    static let maxRelativePathBytes = 3500

    /// One path component of a mapped key.
    struct Entry: Hashable {
        var segment: String
        var isDirectory: Bool

        /// The name on disk.
        var name: String { (isDirectory ? "d" : "f") + BlobPathMapping.escape(segment) }

        /// The string that orders this entry among its siblings in key order: every key below a
        /// directory `x` starts with `x/`.
        var orderKey: String { isDirectory ? segment + "/" : segment }
    }

    /// The relative path (`dmsg/f0123`) for a valid key; `invalidArgument` when a segment or the path is too long.
    static func relativePath(forKey key: String) throws -> String {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var names: [String] = []
        for (index, segment) in segments.enumerated() {
            let name = Entry(segment: segment, isDirectory: index < segments.count - 1).name
            guard name.utf8.count <= maxNameBytes else {
                throw StorageError(
                    .invalidArgument,
                    "blob key segment too long for the file store: \(segment.prefix(40))..."
                )
            }
            names.append(name)
        }
        let path = names.joined(separator: "/")
        guard path.utf8.count <= maxRelativePathBytes else {
            throw StorageError(.invalidArgument, "blob key maps to a path longer than \(maxRelativePathBytes) bytes")
        }
        return path
    }

    /// The entry a name on disk stands for, or nil for names we never create (temp files, junk).
    static func entry(forName name: String) -> Entry? {
        guard let kind = name.utf8.first else { return nil }
        let isDirectory: Bool
        switch kind {
        case UInt8(ascii: "d"): isDirectory = true
        case UInt8(ascii: "f"): isDirectory = false
        default: return nil
        }
        guard let segment = unescape(name.utf8.dropFirst()) else { return nil }
        return Entry(segment: segment, isDirectory: isDirectory)
    }

    static func escape(_ segment: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(segment.utf8.count)
        for byte in segment.utf8 {
            if isKept(byte) {
                result.append(byte)
            } else {
                result.append(UInt8(ascii: "%"))
                result.append(hexDigits[Int(byte >> 4)])
                result.append(hexDigits[Int(byte & 0xF)])
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Inverse of `escape`; nil for anything `escape` cannot have produced.
    static func unescape(_ bytes: Substring.UTF8View) -> String? {
        var result: [UInt8] = []
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            if isKept(byte) {
                result.append(byte)
                continue
            }
            guard byte == UInt8(ascii: "%"),
                let high = iterator.next().flatMap(hexValue),
                let low = iterator.next().flatMap(hexValue)
            else { return nil }
            let decoded = high << 4 | low
            guard !isKept(decoded) else { return nil }
            result.append(decoded)
        }
        return String(validating: result, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
