import NIOCore

/// The incremental IMAP command parser: bytes in (any fragmentation), stream parts out.
///
/// Call ``next(_:)`` with the bytes received so far; it consumes what it needs and returns one
/// ``Output`` or nil once it has consumed all of `input` and needs more. Feeding one byte at a time gives
/// the same outputs as feeding everything at once (only the chunking of APPEND message bytes differs).
///
/// The parser holds at most one command in memory (``bufferedByteCount`` ≤ `limits.maxCommandSize`);
/// APPEND message data streams through as `.append(.messageBytes)` slices of the input. Malformed
/// input yields `.error` carrying the tag when one could be read, then the parser resynchronises at the
/// next line, skipping the announced bytes of a non-synchronizing literal first.
/// See docs/internals/imap-parser.md.
public struct CommandParser: Sendable {
    /// Which literal announcements the server accepts without a continuation (RFC 7888).
    public enum LiteralPolicy: Hashable, Sendable {
        /// LITERAL+: `{N+}` of any size.
        case literalPlus
        /// LITERAL-: `{N+}` up to 4096 bytes.
        case literalMinus
        /// Neither offered: every literal must be synchronizing.
        case synchronizingOnly
    }

    public enum Output: Hashable, Sendable {
        case part(CommandStreamPart)
        /// A synchronizing literal was announced: send a `+` continuation before the client sends its
        /// bytes, or call ``refuseLiteral(_:)`` and answer the command with a tagged NO/BAD.
        case continuationRequired(LiteralHeader)
        /// A malformed command or a hit limit: answer with a tagged BAD (untagged when `tag` is nil).
        case error(CommandParseError)
    }

    public let limits: ParserLimits
    public var literalPolicy: LiteralPolicy

    var state = State.line
    var mode = Mode.command
    /// The current command's bytes (lines normalised to CRLF, non-APPEND literal data); during APPEND,
    /// the text since the last message literal.
    var command = ByteBuffer()
    /// Writer index in `command` where the current line started (after the last literal).
    var lineStart = 0
    var append: AppendProgress?
    var pending: [Output] = []
    /// Set while a synchronizing literal is announced and none of its bytes has arrived.
    var refusableLiteral = false

    public init(limits: ParserLimits = .default, literalPolicy: LiteralPolicy = .literalPlus) {
        self.limits = limits
        self.literalPolicy = literalPolicy
    }

    /// Bytes the parser holds: the current command's text and literals, and the short tail it keeps while
    /// discarding a bad line. Never more than `limits.maxCommandSize`.
    public var bufferedByteCount: Int {
        var count = command.readableBytes
        if case .discardLine(let tail) = state { count += tail.count }
        return count
    }

    /// The next line is the `DONE` that ends IDLE (call after sending `+ idling`).
    public mutating func expectIdleDone() { mode = .idleDone }

    /// The next line answers an AUTHENTICATE challenge (call after sending each `+ challenge`).
    public mutating func expectAuthenticationResponse() { mode = .authenticationResponse }

    /// Refuses the synchronizing literal just announced by `.continuationRequired`: the command is
    /// dropped and the parser expects a new command. Returns the error to answer with (nil when no
    /// synchronizing literal is waiting).
    public mutating func refuseLiteral(_ reason: String = "literal refused") -> CommandParseError? {
        guard refusableLiteral else { return nil }
        let failure = CommandParseError(tag: currentTag, error: ParserError(.literalRefused, reason))
        resetCommand()
        state = .line
        pending.removeAll()
        return failure
    }

    /// Consumes bytes from `input` until one output is ready; nil means all of `input` was consumed.
    public mutating func next(_ input: inout ByteBuffer) -> Output? {
        while true {
            if !pending.isEmpty { return pending.removeFirst() }
            switch state {
            case .line:
                guard input.readableBytes > 0 else { return nil }
                if let output = readLine(&input) { return output }
            case .literal(let remaining):
                if remaining == 0 {
                    state = .line
                    lineStart = command.writerIndex
                    refusableLiteral = false
                    continue
                }
                guard input.readableBytes > 0 else { return nil }
                refusableLiteral = false
                let count = Int(min(remaining, UInt64(input.readableBytes)))
                var slice = input.readSlice(length: count) ?? ByteBuffer()
                command.writeBuffer(&slice)
                state = .literal(remaining: remaining - UInt64(count))
            case .message(let remaining):
                guard input.readableBytes > 0 else { return nil }
                refusableLiteral = false
                let count = Int(min(remaining, UInt64(input.readableBytes)))
                let slice = input.readSlice(length: count) ?? ByteBuffer()
                if remaining == UInt64(count) {
                    state = .line
                    pending.append(.part(.append(.endMessage)))
                } else {
                    state = .message(remaining: remaining - UInt64(count))
                }
                return .part(.append(.messageBytes(slice)))
            case .skipLiteral(let remaining):
                if remaining == 0 {
                    state = .discardLine(tail: [])
                    continue
                }
                guard input.readableBytes > 0 else { return nil }
                let count = Int(min(remaining, UInt64(input.readableBytes)))
                input.moveReaderIndex(forwardBy: count)
                state = .skipLiteral(remaining: remaining - UInt64(count))
            case .discardLine(let tail):
                guard input.readableBytes > 0 else { return nil }
                discardLine(&input, tail: tail)
            }
        }
    }
}

/// A command the parser rejected: the tag (when one could be read) and why.
public struct CommandParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var tag: Tag?
    public var error: ParserError

    public init(tag: Tag?, error: ParserError) {
        self.tag = tag
        self.error = error
    }

    public var description: String { "\(tag?.rawValue ?? "*") BAD \(error.message)" }
}

extension CommandParser {
    enum State: Hashable {
        /// Reading line text into `command`.
        case line
        /// Copying a non-APPEND literal's bytes into `command`.
        case literal(remaining: UInt64)
        /// Streaming an APPEND message out.
        case message(remaining: UInt64)
        /// After an error: dropping a non-synchronizing literal the client sends anyway.
        case skipLiteral(remaining: UInt64)
        /// After an error: dropping bytes up to the end of the line; `tail` keeps its last bytes to
        /// recognise a literal announcement there.
        case discardLine(tail: [UInt8])
    }

    enum Mode: Hashable {
        case command
        case idleDone
        case authenticationResponse
    }

    struct AppendProgress: Hashable {
        var tag: Tag
        var messageCount: Int
        var closeUTF8: Bool
    }
}
