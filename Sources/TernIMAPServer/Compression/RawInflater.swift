import CZlib
import NIOCore

/// The server's receiving half of COMPRESS=DEFLATE (RFC 4978): decompresses the client's raw DEFLATE
/// stream (RFC 1951). The window is the largest, 2^15 bytes, because the client chooses its own and
/// the server must understand any (RFC 4978 4); zlib allocates it on the first output.
final class RawInflater {
    static let windowBits: Int32 = 15
    private let stream: UnsafeMutablePointer<z_stream>
    /// The client ended its stream (a final block): anything after it cannot be decompressed.
    private(set) var ended = false

    init() throws(CompressionError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = tern_inflate_init_raw(stream, Self.windowBits)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw CompressionError("inflate initialisation failed (zlib status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Decompresses from `input` into the free capacity of `output` (never beyond it). Returns true
    /// when `output` filled up, so more output may be pending even without more input; false when
    /// all of `input` was consumed. Throws on data that is not valid DEFLATE.
    func decompress(_ input: inout ByteBuffer, into output: inout ByteBuffer) throws(CompressionError) -> Bool {
        precondition(output.writableBytes > 0, "decompress needs output space")
        if ended {
            guard input.readableBytes == 0 else { throw CompressionError("data after the end of the compressed stream") }
            return false
        }
        var status = Z_OK
        var outputLeft = 0
        let (consumed, produced) = input.withUnsafeReadableBytes { inBytes in
            output.withUnsafeMutableWritableBytes { outBytes in
                stream.pointee.next_in = inBytes.baseAddress.map {
                    UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
                }
                stream.pointee.avail_in = UInt32(inBytes.count)
                stream.pointee.next_out = outBytes.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(outBytes.count)
                status = inflate(stream, Z_SYNC_FLUSH)
                outputLeft = Int(stream.pointee.avail_out)
                let counts = (inBytes.count - Int(stream.pointee.avail_in), outBytes.count - outputLeft)
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return counts
            }
        }
        input.moveReaderIndex(forwardBy: consumed)
        output.moveWriterIndex(forwardBy: produced)
        switch status {
        case Z_OK, Z_BUF_ERROR:
            // Z_BUF_ERROR: no progress possible until more input arrives.
            break
        case Z_STREAM_END:
            ended = true
            guard input.readableBytes == 0 else { throw CompressionError("data after the end of the compressed stream") }
            return false
        default:
            throw CompressionError("invalid compressed data (zlib status \(status))")
        }
        if consumed == 0 && produced == 0 && input.readableBytes > 0 {
            throw CompressionError("compressed data makes no progress")
        }
        return outputLeft == 0
    }
}
