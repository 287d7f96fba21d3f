import NIOCore

/// The client's bytes after COMPRESS DEFLATE: received compressed reads in, decompressed pieces of at
/// most `stepSize` bytes out, one at a time as the parser asks. A small compressed read that expands
/// enormously (a decompression bomb) therefore never becomes one large buffer: each piece goes
/// through the parser, whose line, command and literal limits apply as to uncompressed input.
struct CompressedInput {
    static let stepSize = 16 * 1024
    private let inflater: RawInflater
    /// Received, not yet decompressed (consumed before the next read is taken).
    private var pending = ByteBuffer()
    /// The last step filled its buffer, so the decompressor may hold more output.
    private var outputMayRemain = false

    init(inflater: RawInflater) {
        self.inflater = inflater
    }

    /// Every received byte has been decompressed and handed out.
    var isDrained: Bool { pending.readableBytes == 0 && !outputMayRemain }

    /// Adds a compressed read (after the previous ones).
    mutating func received(_ bytes: ByteBuffer) {
        if pending.readableBytes == 0 {
            pending = bytes
        } else {
            var bytes = bytes
            pending.writeBuffer(&bytes)
        }
    }

    /// The next decompressed piece (1...`stepSize` bytes), or nil when all received input is
    /// decompressed. Throws when the client's data is not valid DEFLATE.
    mutating func next() throws(CompressionError) -> ByteBuffer? {
        while !isDrained {
            var output = ByteBufferAllocator().buffer(capacity: Self.stepSize)
            outputMayRemain = try inflater.decompress(&pending, into: &output)
            if output.readableBytes > 0 { return output }
        }
        pending = ByteBuffer()  // release the last read's storage
        return nil
    }
}
