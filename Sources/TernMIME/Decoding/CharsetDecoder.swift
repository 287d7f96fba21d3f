import Glibc
import NIOCore

/// Streaming conversion of text in a MIME charset to UTF-8, through glibc's iconv.
///
/// A multibyte sequence split across chunks is held back (at most `maxCarry` bytes) and completed
/// by the next chunk. Invalid bytes become U+FFFD and decoding goes on; the output is always valid
/// UTF-8. UTF-8 input is validated here rather than by iconv, which lets 5- and 6-byte forms
/// through. Stateful encodings (ISO-2022-JP) keep their shift state in the iconv handle, so this is
/// a reference type: copy the decoder and the copies share one conversion state.
public final class CharsetDecoder: ByteStreamTransform {
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public struct Code: Hashable, Sendable {
            let rawValue: String
            /// The charset label is not one iconv (or this engine) knows.
            public static let unknownCharset = Code(rawValue: "unknownCharset")
        }
        public let code: Code
        public let message: String
        public var description: String { "CharsetDecoder.Error(\(self.code.rawValue)): \(self.message)" }
    }

    /// Longest incomplete sequence carried between chunks (GB18030 uses 4 bytes, ISO-2022 escapes 4).
    public static let maxCarry = 16
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// nil for UTF-8 input (validated by `validateUTF8`).
    private let handle: iconv_t?
    private var carry: [UInt8] = []
    public let charset: String
    /// True once a byte sequence was invalid in the charset (and replaced by U+FFFD).
    public private(set) var sawInvalidInput = false

    /// Throws `unknownCharset` for a label iconv cannot convert from.
    public init(charset: String) throws(Error) {
        if CharsetName.isUTF8(charset) {
            self.handle = nil
            self.charset = "UTF-8"
            return
        }
        for name in CharsetName.iconvNames(for: charset) {
            let candidate = iconv_open("UTF-8", name)
            if let candidate, Int(bitPattern: candidate) != -1 {
                self.handle = candidate
                self.charset = name
                return
            }
        }
        throw Error(code: .unknownCharset, message: "unknown charset \"\(charset.prefix(CharsetName.maxLength))\"")
    }

    deinit {
        if let handle = self.handle { iconv_close(handle) }
    }

    /// True if `charset` names a charset this decoder can convert.
    public static func isSupported(_ charset: String) -> Bool {
        (try? CharsetDecoder(charset: charset)) != nil
    }

    public func feed(_ chunk: ByteBuffer, into output: inout ByteBuffer) {
        guard chunk.readableBytes > 0 else { return }
        if self.carry.isEmpty {
            chunk.withUnsafeReadableBytes { self.convertOrValidate($0, into: &output) }
        } else {
            var joined = self.carry
            self.carry.removeAll()
            joined.append(contentsOf: chunk.readableBytesView)
            joined.withUnsafeBytes { self.convertOrValidate($0, into: &output) }
        }
    }

    public func finish(into output: inout ByteBuffer) {
        if !self.carry.isEmpty {
            self.carry.removeAll()
            self.sawInvalidInput = true
            output.writeBytes(Self.replacement)
        }
        // Return to the initial shift state; for UTF-8 output this writes nothing.
        guard let handle = self.handle else { return }
        var scratch = [UInt8](repeating: 0, count: 16)
        scratch.withUnsafeMutableBytes { raw in
            var outPointer = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var outLeft = raw.count
            _ = iconv(handle, nil, nil, &outPointer, &outLeft)
            output.writeBytes(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - outLeft)]))
        }
    }

    private func convertOrValidate(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer) {
        if let handle = self.handle {
            self.convert(input, handle: handle, into: &output)
        } else {
            self.validateUTF8(input, into: &output)
        }
    }

    /// Copies valid UTF-8, replaces each maximal invalid subpart with U+FFFD (Unicode 15, 3.9), and
    /// holds back a trailing sequence that the next chunk may complete.
    private func validateUTF8(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer) {
        var end = input.count
        var back = end - 1
        while back >= 0, back > end - 4, input[back] & 0xC0 == 0x80 { back -= 1 }
        if back >= 0, back > end - 4, Self.utf8SequenceLength(input[back]) > end - back {
            self.carry = Array(input[back..<end])
            end = back
        }
        let bytes = UnsafeRawBufferPointer(rebasing: input[0..<end])
        if !bytes.contains(where: { $0 >= 0x80 }) {
            output.writeBytes(bytes)
            return
        }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                output.writeBytes(encoded)
            case .error:
                self.sawInvalidInput = true
                output.writeBytes(Self.replacement)
            case .emptyInput:
                return
            }
        }
    }

    private static func utf8SequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
    }

    private func convert(_ input: UnsafeRawBufferPointer, handle: iconv_t, into output: inout ByteBuffer) {
        guard let base = input.baseAddress else { return }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
            mutating: base.assumingMemoryBound(to: CChar.self)
        )
        var inLeft = input.count
        var scratch = [UInt8](repeating: 0, count: 4096)
        while inLeft > 0 {
            var errorNumber: Int32 = 0
            scratch.withUnsafeMutableBytes { raw in
                var outPointer = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = raw.count
                let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 { errorNumber = errno }
                output.writeBytes(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - outLeft)]))
            }
            switch errorNumber {
            case 0, E2BIG:
                continue
            case EINVAL where inLeft <= Self.maxCarry:
                // Incomplete sequence at the end of this chunk: keep it for the next one.
                if let pointer = inPointer {
                    self.carry = Array(UnsafeRawBufferPointer(start: pointer, count: inLeft))
                }
                return
            default:
                // EILSEQ (or an over-long incomplete sequence): replace one byte and go on.
                self.sawInvalidInput = true
                output.writeBytes(Self.replacement)
                inPointer = inPointer.map { $0 + 1 }
                inLeft -= 1
            }
        }
    }
}
