import NIOConcurrencyHelpers
import NIOCore
import TernMIME

/// Watches a message's bytes on their way to storage: feeds the MIME scanner and keeps the first
/// bytes (the top-level header block, up to `maxHeaderBlockBytes`). The message itself is never
/// held: memory is the scanner's bounded state plus the header prefix.
final class IngestTap: Sendable {
    static let maxHeaderBlockBytes = 64 * 1024

    private struct State {
        var scanner = MIMEScanner()
        var prefix = ByteBuffer()
        var count = 0
        /// Bytes `CRLFNormalizer` would add (bare LFs and lone CRs), when counted.
        var growth = 0
        var lastWasCR = false
    }

    private let state = NIOLockedValueBox(State())
    private let countsLineEndings: Bool

    init(countsLineEndings: Bool = false) {
        self.countsLineEndings = countsLineEndings
    }

    /// How many bytes normalising every line break to CRLF adds (0 unless counted).
    var lineEndingGrowth: Int {
        state.withLockedValue { $0.growth + ($0.lastWasCR ? 1 : 0) }
    }

    func observe(_ buffer: ByteBuffer) {
        state.withLockedValue { state in
            state.scanner.feed(buffer)
            state.count += buffer.readableBytes
            if countsLineEndings {
                buffer.withUnsafeReadableBytes { bytes in
                    var lastWasCR = state.lastWasCR
                    var growth = 0
                    for byte in bytes {
                        if lastWasCR && byte != UInt8(ascii: "\n") { growth += 1 }
                        if byte == UInt8(ascii: "\n") && !lastWasCR { growth += 1 }
                        lastWasCR = byte == UInt8(ascii: "\r")
                    }
                    state.growth += growth
                    state.lastWasCR = lastWasCR
                }
            }
            let room = Self.maxHeaderBlockBytes - state.prefix.readableBytes
            if room > 0, let slice = buffer.getSlice(at: buffer.readerIndex, length: min(room, buffer.readableBytes)) {
                state.prefix.writeImmutableBuffer(slice)
            }
        }
    }

    func reset() {
        state.withLockedValue { $0 = State() }
    }

    /// The scanned structure and the header block (nil when it is longer than the kept prefix).
    func finish() -> MessageMetadata {
        state.withLockedValue { state in
            let structure = state.scanner.finish()
            let headerSize = structure.root.headerSize
            let header = headerSize <= state.prefix.readableBytes
                ? state.prefix.getSlice(at: state.prefix.readerIndex, length: headerSize) : nil
            return MessageMetadata(structure: structure, headerBlock: header)
        }
    }
}

/// A body passed through an `IngestTap`.
struct TappedSequence<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let base: Base
    let tap: IngestTap

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), tap: tap) }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let tap: IngestTap

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            tap.observe(chunk)
            return chunk
        }
    }
}

/// A body with every line break made CRLF (`CRLFNormalizer`), chunk by chunk.
struct NormalizedSequence<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let base: Base

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var normalizer = CRLFNormalizer()
        var done = false

        mutating func next() async throws -> ByteBuffer? {
            while !done {
                var out: [UInt8] = []
                if let chunk = try await base.next() {
                    normalizer.feed(chunk.readableBytesView, into: &out)
                } else {
                    normalizer.finish(into: &out)
                    done = true
                }
                if !out.isEmpty { return ByteBuffer(bytes: out) }
            }
            return nil
        }
    }
}
