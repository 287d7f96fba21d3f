import NIOConcurrencyHelpers
import NIOCore

/// What the shell may still say on a connection after its session ended: the BYE of a graceful shutdown
/// (RFC 3501 7.1.5). Once COMPRESS DEFLATE is active, plain bytes would be garbage to the client's
/// inflater, so the words go through the session's compressor, continuing its stream.
public final class SessionFarewell: Sendable {
    private let deflater = NIOLockedValueBox<RawDeflater?>(nil)

    public init() {}

    func compressionStarted(_ deflater: RawDeflater) {
        self.deflater.withLockedValue { $0 = deflater }
    }

    /// `text` framed as the client now expects it; nil when nothing readable can be sent any more (the
    /// compressed stream lost bytes). Call only after the session has returned: the compressor is then idle.
    public func bytes(for text: String) -> ByteBuffer? {
        deflater.withLockedValue { deflater -> ByteBuffer? in
            var input = ByteBuffer(string: text)
            guard let deflater else { return input }
            guard !deflater.outputLost else { return nil }
            var output = ByteBuffer()
            do {
                while true {
                    output.reserveCapacity(minimumWritableBytes: 4096)
                    if try deflater.compress(&input, into: &output) { return output }
                }
            } catch {
                return nil
            }
        }
    }
}
