import NIOCore

/// A chunk-by-chunk byte transform with bounded state (transfer decoding, charset conversion).
///
/// Feed any split of the input; the concatenated output is the same for every split. `finish`
/// flushes what is held back (an incomplete quantum or sequence) and must be called once at the end.
public protocol ByteStreamTransform {
    /// Consumes `chunk` completely and appends whatever output it allows to `output`.
    mutating func feed(_ chunk: ByteBuffer, into output: inout ByteBuffer)
    /// Flushes the state held back between chunks; the transform is spent afterwards.
    mutating func finish(into output: inout ByteBuffer)
}

extension ByteStreamTransform {
    /// Convenience: the output of one chunk as a new buffer.
    public mutating func feed(_ chunk: ByteBuffer) -> ByteBuffer {
        var output = ByteBuffer()
        output.reserveCapacity(chunk.readableBytes)
        self.feed(chunk, into: &output)
        return output
    }

    /// Convenience: what `finish` flushes, as a new buffer.
    public mutating func finish() -> ByteBuffer {
        var output = ByteBuffer()
        self.finish(into: &output)
        return output
    }

    /// Convenience for whole values (headers, tests): transforms `bytes` in one go.
    public mutating func transformAll<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var output = ByteBuffer()
        self.feed(ByteBuffer(bytes: bytes), into: &output)
        self.finish(into: &output)
        return Array(output.readableBytesView)
    }
}
