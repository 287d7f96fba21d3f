import NIOCore

/// Writes server responses, whole or as FETCH stream parts, exactly as RFC 3501 / 9051 spell them.
///
/// The encoder only produces bytes; the connection shell takes them with `take()` and writes them. While a
/// streamed FETCH body is in flight the shell writes the body chunks itself (never through the encoder, so
/// they are not copied) and reports their sizes with `.streamingBytes(count:)`, which lets the encoder refuse
/// a FETCH that would end with fewer or more bytes than its literal announced.
public struct ResponseEncoder: Sendable {
    public var buffer: EncodeBuffer
    private var state: State = .idle

    private enum State: Sendable, Hashable {
        case idle
        /// Inside `* n FETCH (`; `empty` until the first item is written.
        case fetch(empty: Bool)
        case streaming(remaining: Int)
    }

    public init(options: EncodingOptions = .rfc3501) {
        self.buffer = EncodeBuffer(role: .server, options: options)
    }

    /// The session's options change when the client enables extensions.
    public var options: EncodingOptions {
        get { buffer.options }
        set { buffer.options = newValue }
    }

    /// Returns and removes the bytes written so far.
    public mutating func take() -> ByteBuffer {
        buffer.take().bytes
    }

    /// Writes one complete response, CRLF included.
    public mutating func encode(_ response: Response) throws(ResponseEncoderError) {
        guard state == .idle else {
            throw ResponseEncoderError(.fetchInProgress, "a streamed FETCH response is not finished")
        }
        switch response {
        case .continuation(let request):
            buffer.writeContinuationRequest(request)
        case .untagged(.recent) where options.imap4rev2:
            return
        case .untagged(let untagged):
            if let refusal = options.refusal(for: untagged) {
                throw ResponseEncoderError(.notEnabled, refusal)
            }
            buffer.writeUntaggedResponse(untagged)
        case .tagged(let tagged):
            buffer.writeTaggedResponse(tagged)
        }
        buffer.writeCRLF()
    }

    public mutating func encode(_ greeting: Greeting) throws(ResponseEncoderError) {
        try encode(.untagged(greeting.response))
    }

    /// Writes one piece of a streamed FETCH response.
    public mutating func encode(_ part: FetchStreamPart) throws(ResponseEncoderError) {
        switch (part, state) {
        case (.begin(let number), .idle):
            buffer.writeStatic("* ")
            buffer.writeNumber(number.rawValue)
            buffer.writeStatic(" FETCH (")
            state = .fetch(empty: true)
        case (.attribute(let attribute), .fetch(let empty)):
            if let refusal = options.refusal(for: attribute) {
                throw ResponseEncoderError(.notEnabled, refusal)
            }
            if !empty { buffer.writeSpace() }
            buffer.writeMessageAttribute(attribute)
            state = .fetch(empty: false)
        case (.streamingBegin(let attribute, let byteCount), .fetch(let empty)):
            guard byteCount >= 0 else {
                throw ResponseEncoderError(.byteCountMismatch, "negative literal size \(byteCount)")
            }
            if !empty { buffer.writeSpace() }
            buffer.writeStreamingAttributeHeader(attribute, byteCount: byteCount)
            state = .streaming(remaining: byteCount)
        case (.streamingBytes(let count), .streaming(let remaining)):
            guard count >= 0, count <= remaining else {
                throw ResponseEncoderError(
                    .byteCountMismatch, "\(count) streamed bytes exceed the \(remaining) still announced")
            }
            state = .streaming(remaining: remaining - count)
        case (.streamingEnd, .streaming(let remaining)):
            guard remaining == 0 else {
                throw ResponseEncoderError(.byteCountMismatch, "literal ended \(remaining) bytes short")
            }
            state = .fetch(empty: false)
        case (.end, .fetch):
            buffer.writeStatic(")\r\n")
            state = .idle
        default:
            throw ResponseEncoderError(.unexpectedPart, "\(part) is not valid here")
        }
    }
}

/// A misuse of the streaming encoder by its caller.
public struct ResponseEncoderError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A FETCH stream part arrived out of order (e.g. `.attribute` while a literal is streaming).
        public static let unexpectedPart = Code("unexpected-part")
        /// The streamed bytes did not add up to the announced literal size.
        public static let byteCountMismatch = Code("byte-count-mismatch")
        /// A whole response was requested while a streamed FETCH is open.
        public static let fetchInProgress = Code("fetch-in-progress")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
