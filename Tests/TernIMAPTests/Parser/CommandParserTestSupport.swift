import NIOCore
import TernIMAP
import Testing

/// Feeds bytes to a `CommandParser` in chunks of `chunkSize` (nil = all at once) and collects every
/// output, merging adjacent APPEND message chunks so that different fragmentations compare equal.
func parseCommands(
    _ bytes: [UInt8],
    chunkSize: Int? = nil,
    parser: inout CommandParser,
    checkBuffered: Bool = true
) -> [CommandParser.Output] {
    var outputs: [CommandParser.Output] = []
    var offset = 0
    let step = chunkSize ?? max(bytes.count, 1)
    repeat {
        let end = min(bytes.count, offset + step)
        var input = ByteBuffer(bytes: bytes[offset..<end])
        offset = end
        while let output = parser.next(&input) {
            outputs.append(output)
            if checkBuffered && parser.bufferedByteCount > parser.limits.maxCommandSize {
                Issue.record("parser buffered \(parser.bufferedByteCount) bytes, over maxCommandSize")
            }
        }
        if input.readableBytes != 0 {
            Issue.record("parser returned nil without consuming its input")
            break
        }
    } while offset < bytes.count
    return mergeMessageChunks(outputs)
}

func parseCommands(
    _ text: String, chunkSize: Int? = nil, limits: ParserLimits = .default,
    literalPolicy: CommandParser.LiteralPolicy = .literalPlus
) -> [CommandParser.Output] {
    var parser = CommandParser(limits: limits, literalPolicy: literalPolicy)
    return parseCommands(Array(text.utf8), chunkSize: chunkSize, parser: &parser)
}

func mergeMessageChunks(_ outputs: [CommandParser.Output]) -> [CommandParser.Output] {
    var merged: [CommandParser.Output] = []
    for output in outputs {
        if case .part(.append(.messageBytes(var next))) = output,
            case .part(.append(.messageBytes(var previous)))? = merged.last
        {
            previous.writeBuffer(&next)
            merged[merged.count - 1] = .part(.append(.messageBytes(previous)))
        } else {
            merged.append(output)
        }
    }
    return merged
}

/// The stream parts only (continuation requests dropped); fails on errors.
func streamParts(_ outputs: [CommandParser.Output]) -> [CommandStreamPart]? {
    var parts: [CommandStreamPart] = []
    for output in outputs {
        switch output {
        case .part(let part): parts.append(part)
        case .continuationRequired: continue
        case .error: return nil
        }
    }
    return parts
}

func encodeParts(_ parts: [CommandStreamPart]) -> String {
    var buffer = EncodeBuffer(role: .client)
    var encoder = CommandStreamEncoder()
    for part in parts {
        encoder.write(part, into: &buffer)
    }
    return String(buffer: buffer.bytes)
}

/// Parses one complete command line (CRLF appended) to its command, or nil.
func parseOne(_ line: String) -> Command? {
    let outputs = parseCommands(line + "\r\n")
    guard let parts = streamParts(outputs), parts.count == 1, case .tagged(let tagged) = parts[0] else { return nil }
    return tagged.command
}

func parseErrors(_ outputs: [CommandParser.Output]) -> [CommandParseError] {
    outputs.compactMap { output in
        if case .error(let error) = output { return error }
        return nil
    }
}
