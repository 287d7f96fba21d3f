import NIOCore
import Testing

@testable import TernIMAPServer

/// The zlib wrappers of COMPRESS=DEFLATE without sockets: raw DEFLATE round trips, sync flush at the end
/// of every write, bounded output per step, and a decompression bomb handed out in bounded pieces.
@Suite struct DeflateCodecTests {
    /// Compresses `text` as one write of a `DeflatingOutbound`-like loop; returns the chunks.
    static func compressedChunks(_ deflater: RawDeflater, _ bytes: [UInt8], chunk: Int = 1024) throws -> [ByteBuffer] {
        var input = ByteBuffer(bytes: bytes)
        var chunks: [ByteBuffer] = []
        while true {
            var output = ByteBufferAllocator().buffer(capacity: chunk)
            let finished = try deflater.compress(&input, into: &output)
            #expect(output.readableBytes <= chunk)
            if output.readableBytes > 0 { chunks.append(output) }
            if finished { return chunks }
        }
    }

    static func joined(_ chunks: [ByteBuffer]) -> ByteBuffer {
        var all = ByteBuffer()
        for var chunk in chunks { all.writeBuffer(&chunk) }
        return all
    }

    /// Everything `input` decompresses to, taken step by step.
    static func decompressAll(_ decompression: inout CompressedInput, _ input: ByteBuffer) throws -> [UInt8] {
        decompression.received(input)
        var result: [UInt8] = []
        while let piece = try decompression.next() {
            #expect(piece.readableBytes <= CompressedInput.stepSize)
            result += piece.readableBytesView
        }
        return result
    }

    static let response = Array(
        (1...400).map { "* \($0) FETCH (UID \($0 + 1000) FLAGS (\\Seen) RFC822.SIZE \($0 * 37))\r\n" }.joined().utf8)

    @Test func roundTripThroughSmallOutputChunks() throws {
        let deflater = try RawDeflater()
        let chunks = try Self.compressedChunks(deflater, Self.response, chunk: 64)
        #expect(chunks.count > 1)
        let compressed = Self.joined(chunks)
        #expect(compressed.readableBytes < Self.response.count / 4)
        var decompression = CompressedInput(inflater: try RawInflater())
        #expect(try Self.decompressAll(&decompression, compressed) == Self.response)
    }

    /// Each write ends in a sync flush: the peer decompresses all of it without any later byte, and the
    /// stream then ends on the empty stored block marker 00 00 FF FF (RFC 1951 3.2.4).
    @Test func everyWriteEndsInASyncFlush() throws {
        let deflater = try RawDeflater()
        var decompression = CompressedInput(inflater: try RawInflater())
        for line in ["a1 OK LOGIN completed\r\n", "* 3 EXISTS\r\n", "a2 OK SELECT completed\r\n"] {
            let compressed = Self.joined(try Self.compressedChunks(deflater, Array(line.utf8)))
            #expect(Array(compressed.readableBytesView.suffix(4)) == [0x00, 0x00, 0xFF, 0xFF])
            #expect(try Self.decompressAll(&decompression, compressed) == Array(line.utf8))
        }
        // A write of nothing adds nothing (no second flush marker).
        var empty = ByteBuffer()
        var output = ByteBufferAllocator().buffer(capacity: 64)
        #expect(try deflater.compress(&empty, into: &output))
        #expect(output.readableBytes == 0)
    }

    /// The client's stream arrives in arbitrary pieces (here one byte per read): same bytes out.
    @Test func decompressesAcrossArbitraryReadBoundaries() throws {
        let deflater = try RawDeflater()
        let compressed = Self.joined(try Self.compressedChunks(deflater, Self.response))
        var decompression = CompressedInput(inflater: try RawInflater())
        var result: [UInt8] = []
        for byte in compressed.readableBytesView {
            result += try Self.decompressAll(&decompression, ByteBuffer(bytes: [byte]))
        }
        #expect(result == Self.response)
        #expect(decompression.isDrained)
    }

    /// 64 MiB of one byte compresses to ~64 KiB; decompression hands it out in pieces of at most
    /// `stepSize`, never as one buffer, so the parser's line limit sees it piece by piece.
    @Test func decompressionBombComesOutInBoundedPieces() throws {
        let deflater = try RawDeflater(.init(level: 9, windowBits: 15, memoryLevel: 9))
        let block = [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20)
        var compressed = ByteBuffer()
        for _ in 0..<64 {
            var part = Self.joined(try Self.compressedChunks(deflater, block, chunk: 16 * 1024))
            compressed.writeBuffer(&part)
        }
        #expect(compressed.readableBytes < 200 * 1024)
        var decompression = CompressedInput(inflater: try RawInflater())
        decompression.received(compressed)
        var total = 0
        var pieces = 0
        while let piece = try decompression.next() {
            #expect(piece.readableBytes <= CompressedInput.stepSize)
            total += piece.readableBytes
            pieces += 1
        }
        #expect(total == 64 << 20)
        #expect(pieces >= (64 << 20) / CompressedInput.stepSize)
    }

    @Test func invalidDataIsAnError() throws {
        var decompression = CompressedInput(inflater: try RawInflater())
        // BTYPE 11 (reserved) in the first block header is invalid DEFLATE (RFC 1951 3.2.3).
        decompression.received(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        #expect(throws: CompressionError.self) { try decompression.next() }
    }

    /// A zlib-wrapped stream (windowBits 15, not raw) is not what RFC 4978 specifies: rejected.
    @Test func zlibHeaderIsNotRawDeflate() throws {
        var decompression = CompressedInput(inflater: try RawInflater())
        // zlib.compress(b"a1 NOOP\r\n") in Python: 78 9c header, then the deflate data, adler32.
        decompression.received(ByteBuffer(bytes: [0x78, 0x9C, 0x4B, 0x34, 0x54, 0xF0, 0xF3, 0xF7, 0x0F, 0xE0, 0xE5, 0x02, 0x00, 0x0B, 0x89, 0x02, 0x06,
        ]))
        #expect(throws: CompressionError.self) { while try decompression.next() != nil {} }
    }

    /// Data after the client's final block cannot be decompressed: an error, not silently dropped.
    @Test func bytesAfterTheFinalBlockAreAnError() throws {
        var decompression = CompressedInput(inflater: try RawInflater())
        // An empty final fixed-Huffman block (03 00), then a stray byte.
        decompression.received(ByteBuffer(bytes: [0x03, 0x00, 0x41]))
        #expect(throws: CompressionError.self) { while try decompression.next() != nil {} }
    }

    @Test func standardSettingsKeepTheCompressorSmall() {
        #expect(RawDeflater.Settings.standard.stateBytes == 32 * 1024)
        #expect(RawDeflater.Settings(level: 6, windowBits: 15, memoryLevel: 8).stateBytes == 256 * 1024)
    }
}
