import NIOCore

// The only file of TernMIME that touches NIOCore: thin ByteBuffer entry points over the byte-level API,
// so that the rest of the module also builds without NIO (the libFuzzer target in Tests/Fuzz/mime relies on it).

extension MIMEScanner {
    /// Feeds one chunk of the raw message.
    public mutating func feed(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { feed($0) }
    }

    /// Scans a whole message held in one buffer.
    public static func scan(_ buffer: ByteBuffer, limits: MIMEScanLimits = .default) -> MessageStructure {
        var scanner = MIMEScanner(limits: limits)
        scanner.feed(buffer)
        return scanner.finish()
    }
}

extension MessageStructure {
    public func binaryEncoded(into buffer: inout ByteBuffer) {
        buffer.writeBytes(binaryEncoded())
    }

    public init(binary buffer: ByteBuffer) throws(MIMEStructureDecodingError) {
        try self.init(binary: buffer.readableBytesView)
    }
}
