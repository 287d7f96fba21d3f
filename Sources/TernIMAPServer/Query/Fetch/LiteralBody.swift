#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import TernMIME

/// Where a FETCH literal's bytes come from: byte ranges of the stored message, passed through a
/// transform, of which `window` (a partial `<o.l>`, applied to the transformed output) is sent.
struct LiteralBody: Sendable {
    var ranges: [ByteRange]
    var transform: LiteralTransform
    var window: FetchPartial?
    /// Known without reading when the transform keeps sizes and the window is already in `ranges`.
    var knownSize: Int?

    static let empty = LiteralBody(ranges: [], transform: .none, window: nil, knownSize: 0)
}

/// The byte transforms a FETCH literal may need; all are chunk-by-chunk with bounded state.
enum LiteralTransform: Sendable {
    /// Stored bytes as they are (BINARY of an identity part of a message without bare LFs).
    case none
    /// NUL -> 0x80 (RFC 3501 4.3: no NUL in a literal), sizes unchanged.
    case replaceNUL
    /// Bare LF -> CRLF (and NUL -> 0x80 when asked), for messages stored with bare LFs.
    case normalize(IMAPLiteralNormalizer)
    /// HEADER.FIELDS[.NOT], then NUL -> 0x80.
    case headerFilter(HeaderFieldFilter)
    /// BINARY of a base64 / quoted-printable part.
    case decode(TransferDecoder)

    /// The output for `chunk`: the chunk itself when nothing changes (no copy), else a new buffer.
    mutating func apply(_ chunk: ByteBuffer) -> ByteBuffer {
        switch self {
        case .none:
            return chunk
        case .replaceNUL where !Self.containsNUL(chunk):
            return chunk
        default:
            var output = ByteBuffer()
            output.reserveCapacity(chunk.readableBytes)
            feed(chunk, into: &output)
            return output
        }
    }

    mutating func feed(_ chunk: ByteBuffer, into output: inout ByteBuffer) {
        switch self {
        case .none:
            var chunk = chunk
            output.writeBuffer(&chunk)
        case .replaceNUL:
            Self.replacingNUL(chunk, into: &output)
        case .normalize(var normalizer):
            normalizer.feed(chunk, into: &output)
            self = .normalize(normalizer)
        case .headerFilter(var filter):
            var kept: [UInt8] = []
            kept.reserveCapacity(chunk.readableBytes)
            chunk.withUnsafeReadableBytes { filter.feed($0, into: &kept) }
            self = .headerFilter(filter)
            Self.replacingNUL(kept, into: &output)
        case .decode(var decoder):
            decoder.feed(chunk, into: &output)
            self = .decode(decoder)
        }
    }

    mutating func finish(into output: inout ByteBuffer) {
        switch self {
        case .none, .replaceNUL:
            break
        case .normalize(var normalizer):
            normalizer.finish(into: &output)
            self = .normalize(normalizer)
        case .headerFilter(var filter):
            var kept: [UInt8] = []
            filter.finish(into: &kept)
            self = .headerFilter(filter)
            Self.replacingNUL(kept, into: &output)
        case .decode(var decoder):
            decoder.finish(into: &output)
            self = .decode(decoder)
        }
    }

    /// memchr, not `contains`: this runs over every byte a FETCH sends, and the generic
    /// collection scan is several times slower than the C library's vectorised one.
    static func containsNUL(_ buffer: ByteBuffer) -> Bool {
        buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
            return memchr(base, 0, bytes.count) != nil
        }
    }

    private static func replacingNUL(_ chunk: ByteBuffer, into output: inout ByteBuffer) {
        let view = chunk.readableBytesView
        guard containsNUL(chunk) else {
            var chunk = chunk
            output.writeBuffer(&chunk)
            return
        }
        output.reserveCapacity(output.writerIndex + view.count)
        for byte in view { output.writeInteger(byte == 0 ? UInt8(0x80) : byte) }
    }

    /// The filter's kept bytes straight into `output` (no intermediate ByteBuffer).
    private static func replacingNUL(_ bytes: [UInt8], into output: inout ByteBuffer) {
        guard !bytes.isEmpty else { return }
        guard bytes.contains(0) else {
            output.writeBytes(bytes)
            return
        }
        output.reserveCapacity(output.writerIndex + bytes.count)
        for byte in bytes { output.writeInteger(byte == 0 ? UInt8(0x80) : byte) }
    }
}

/// Applies a partial to a stream of output: skips `skip` bytes, then passes at most `take`.
struct OutputWindow {
    private(set) var skip: Int
    private(set) var take: Int

    init(_ partial: FetchPartial?) {
        skip = partial?.offset ?? 0
        take = partial?.length ?? Int.max
    }

    var isExhausted: Bool { take == 0 }

    /// The part of `buffer` inside the window (a slice, no copy).
    mutating func apply(_ buffer: ByteBuffer) -> ByteBuffer? {
        var buffer = buffer
        if skip > 0 {
            let skipped = min(skip, buffer.readableBytes)
            buffer.moveReaderIndex(forwardBy: skipped)
            skip -= skipped
        }
        let count = min(take, buffer.readableBytes)
        guard count > 0 else { return nil }
        take -= count
        return buffer.readSlice(length: count)
    }
}
