import CZlib
import NIOCore

/// The server's sending half of COMPRESS=DEFLATE (RFC 4978): one raw DEFLATE stream (RFC 1951, no
/// zlib header) for the rest of the connection. Every `compress` ends in a sync flush, so the client
/// can decompress everything sent so far: no response ever waits inside the compressor.
///
/// `@unchecked Sendable`: the z_stream is touched by one task at a time (the session's, which owns
/// its outbound), never concurrently.
final class RawDeflater: @unchecked Sendable {
    /// zlib's memory/ratio trade-off. Compressor state is 2^(windowBits+2) + 2^(memoryLevel+9) bytes
    /// (zlib.h), held for the life of the connection.
    struct Settings: Hashable, Sendable {
        /// 1 (fastest) ... 9 (smallest).
        var level: Int32
        /// The back-reference window is 2^windowBits bytes (8...15); the client's decompressor accepts
        /// any of them, so a smaller one only costs ratio.
        var windowBits: Int32
        /// Hash table and pending-output size, 1...9.
        var memoryLevel: Int32

        /// 2^14 + 2^14 = 32 KiB of state instead of zlib's default 256 KiB (windowBits 15, memLevel 8),
        /// held by every compressed session, idle or not; on mail traffic the ratio is about the same,
        /// on long plain text a 4 KiB window loses some (docs/performance.md, "COMPRESS=DEFLATE").
        static let standard = Settings(level: 6, windowBits: 12, memoryLevel: 5)

        var stateBytes: Int { (1 << Int(windowBits + 2)) + (1 << Int(memoryLevel + 9)) }
    }

    private let stream: UnsafeMutablePointer<z_stream>
    /// Set when compressed bytes were produced but never reached the socket (a write failed): the
    /// client's inflater can no longer follow the stream, so nothing more may be sent on it.
    private(set) var outputLost = false

    func markOutputLost() { outputLost = true }

    init(_ settings: Settings = .standard) throws(CompressionError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = tern_deflate_init_raw(stream, settings.level, settings.windowBits, settings.memoryLevel)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw CompressionError("deflate initialisation failed (zlib status \(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `input` into the free capacity of `output` (never beyond it), then sync-flushes.
    /// Returns true once all of `input` is consumed and the flush is complete; false when `output` is
    /// full: write it out and call again with the rest of `input` and an empty buffer.
    func compress(_ input: inout ByteBuffer, into output: inout ByteBuffer) throws(CompressionError) -> Bool {
        precondition(output.writableBytes > 0, "compress needs output space")
        var status = Z_OK
        var outputLeft = 0
        let (consumed, produced) = input.withUnsafeReadableBytes { inBytes in
            output.withUnsafeMutableWritableBytes { outBytes in
                // zlib never writes through next_in; it is not const only because z_const is off.
                stream.pointee.next_in = inBytes.baseAddress.map {
                    UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
                }
                stream.pointee.avail_in = UInt32(inBytes.count)
                stream.pointee.next_out = outBytes.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(outBytes.count)
                status = deflate(stream, Z_SYNC_FLUSH)
                outputLeft = Int(stream.pointee.avail_out)
                let counts = (inBytes.count - Int(stream.pointee.avail_in), outBytes.count - outputLeft)
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return counts
            }
        }
        input.moveReaderIndex(forwardBy: consumed)
        output.moveWriterIndex(forwardBy: produced)
        // Z_BUF_ERROR: nothing to do (no input and the last flush already complete).
        guard status == Z_OK || status == Z_BUF_ERROR else {
            throw CompressionError("deflate failed (zlib status \(status))")
        }
        // With Z_SYNC_FLUSH, output space left over means the flush is complete (zlib.h).
        return input.readableBytes == 0 && outputLeft > 0
    }
}

/// zlib refused to set up or to continue a stream.
struct CompressionError: Error, CustomStringConvertible, Hashable {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
