import NIOCore
import TernIMAP

/// libFuzzer entry point. The first input byte picks the fragment size, literal policy and parser mode;
/// the rest is client bytes. Checked invariants (a violation traps, which libFuzzer reports as a crash):
/// every `next` call consumes its input or returns an output, the parser never holds more than
/// `maxCommandSize` bytes, fragmented and whole feeding give the same outputs, and every parsed command
/// re-encodes to bytes that parse back to the same command.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let policies: [CommandParser.LiteralPolicy] = [.literalPlus, .literalMinus, .synchronizingOnly]
    let policy = policies[Int(control % 3)]
    let chunk = Int(control / 3 % 16) + 1
    let mode = control / 48
    let limits = ParserLimits(
        maxLineLength: 512, maxLiteralSize: 256, maxAppendMessageSize: 4096, maxCommandSize: 2048, maxNestingDepth: 8,
        maxListItems: 32, maxSequenceRanges: 16, maxSearchKeys: 64, maxAppendMessages: 4)

    let whole = feed(input, chunk: nil, limits: limits, policy: policy, mode: mode)
    let pieces = feed(input, chunk: chunk, limits: limits, policy: policy, mode: mode)
    precondition(whole == pieces, "fragmentation changed the parse")

    for output in whole {
        guard case .part(.tagged(let command)) = output else { continue }
        var encoded = EncodeBuffer(role: .client)
        encoded.writeCommand(command)
        let bytes = Array(encoded.bytes.readableBytesView)
        let reparsed = feed(bytes, chunk: nil, limits: .default, policy: .literalPlus, mode: 3)
        let commands = reparsed.filter { if case .continuationRequired = $0 { false } else { true } }
        precondition(commands == [.part(.tagged(command))], "re-encoded command did not parse back")
    }
    return 0
}

func feed(
    _ input: [UInt8], chunk: Int?, limits: ParserLimits, policy: CommandParser.LiteralPolicy, mode: UInt8
) -> [CommandParser.Output] {
    var parser = CommandParser(limits: limits, literalPolicy: policy)
    if mode == 0 { parser.expectIdleDone() }
    if mode == 1 { parser.expectAuthenticationResponse() }
    let all = ByteBuffer(bytes: input)
    let step = chunk ?? max(1, input.count)
    var outputs: [CommandParser.Output] = []
    var offset = 0
    repeat {
        let end = min(input.count, offset + step)
        var buffer = all.getSlice(at: offset, length: end - offset) ?? ByteBuffer()
        offset = end
        var calls = 0
        while let output = parser.next(&buffer) {
            calls += 1
            precondition(calls <= 16 + 8 * step, "parser produced outputs without consuming input")
            precondition(parser.bufferedByteCount <= limits.maxCommandSize, "parser buffered more than its limit")
            if case .part(.append(.messageBytes(var next))) = output,
                case .part(.append(.messageBytes(var previous)))? = outputs.last
            {
                previous.writeBuffer(&next)
                outputs[outputs.count - 1] = .part(.append(.messageBytes(previous)))
            } else {
                outputs.append(output)
            }
        }
        precondition(buffer.readableBytes == 0, "parser returned nil without consuming its input")
    } while offset < input.count
    return outputs
}

// SwiftPM links executables with `--defsym main=<Module>_main` (testable executables) and expects that
// symbol; with -parse-as-library there is no Swift main, so provide it and hand control to libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzCommandParser_main")
func fuzzCommandParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzCommandParser)
}
