#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Testing
import TernIMAP

/// Seeded randomized robustness test: 100k+ generated and mutated inputs per run. For each input the
/// parser must not crash, must consume its input or produce an output on every call (no loops), must
/// never buffer more than `maxCommandSize`, and must give the same outputs whatever the fragmentation.
/// Generated valid commands must also round-trip through the encoder. Set TERN_FUZZ_SEED to replay.
@Suite("Command parser: randomized robustness")
struct CommandParserRandomizedTests {
    static let limits = ParserLimits(
        maxLineLength: 400, maxLiteralSize: 64, maxAppendMessageSize: 300, maxCommandSize: 800, maxNestingDepth: 6,
        maxListItems: 12, maxSequenceRanges: 8, maxSearchKeys: 64, maxAppendMessages: 3)

    static var seed: UInt64 {
        if let text = CommandTestEnvironment.value("TERN_FUZZ_SEED"), let value = UInt64(text) { return value }
        return 20_261_125
    }

    @Test("100k generated and mutated inputs: no crash, no loop, bounded memory, fragmentation-independent")
    func randomized() {
        let seed = Self.seed
        var random = CommandTestRandom(seed: seed)
        let corpus = CommandTable.all.map { Array($0.utf8) }
        var generator = CommandGenerator()
        var failures = 0
        for iteration in 0..<100_000 {
            let input: [UInt8]
            let isValid: Bool
            switch iteration % 4 {
            case 0:
                input = generator.command(using: &random)
                isValid = true
            case 1:
                input = corpus.randomElement(using: &random)!
                isValid = false
            default:
                input = CommandMutator.mutate(
                    corpus.randomElement(using: &random)! + generator.command(using: &random), using: &random)
                isValid = false
            }
            let policy: CommandParser.LiteralPolicy =
                isValid ? .literalPlus : [.literalPlus, .literalMinus, .synchronizingOnly][iteration % 3]
            let mode = isValid ? 15 : UInt8.random(in: 0..<16, using: &random)
            let chunk = Int.random(in: 1...9, using: &random)
            // Every input is parsed in random fragments; every fourth (and every valid one) also whole,
            // to compare (keeps the debug-build runtime reasonable).
            let compareWhole = isValid || iteration % 4 == 2
            guard let pieces = Self.run(input, chunkSize: chunk, policy: policy, mode: mode),
                let whole = compareWhole ? Self.run(input, chunkSize: nil, policy: policy, mode: mode) : pieces
            else {
                Issue.record("loop or over-buffering; seed \(seed) iteration \(iteration) input \(Self.show(input))")
                failures += 1
                if failures > 5 { return }
                continue
            }
            if whole != pieces {
                Issue.record("fragmentation changed the result; seed \(seed) iteration \(iteration) chunk \(chunk) input \(Self.show(input))")
                failures += 1
            }
            if isValid {
                guard let parts = streamParts(whole), encodeParts(parts).utf8.elementsEqual(input) else {
                    Issue.record("generated command did not round-trip; seed \(seed) input \(Self.show(input)): \(whole)")
                    failures += 1
                    if failures > 5 { return }
                    continue
                }
            }
            if failures > 5 { return }
        }
    }

    /// Feeds `input`, checking progress and the memory bound after every call; nil when either fails.
    static func run(
        _ input: [UInt8], chunkSize: Int?, policy: CommandParser.LiteralPolicy, mode: UInt8
    ) -> [CommandParser.Output]? {
        var parser = CommandParser(limits: limits, literalPolicy: policy)
        if mode == 0 { parser.expectIdleDone() }
        if mode == 1 { parser.expectAuthenticationResponse() }
        var outputs: [CommandParser.Output] = []
        var offset = 0
        let step = chunkSize ?? max(input.count, 1)
        let all = ByteBuffer(bytes: input)
        repeat {
            let end = min(input.count, offset + step)
            var buffer = all.getSlice(at: offset, length: end - offset) ?? ByteBuffer()
            offset = end
            var calls = 0
            while true {
                let before = buffer.readableBytes
                guard let output = parser.next(&buffer) else {
                    if buffer.readableBytes != 0 { return nil }
                    break
                }
                outputs.append(output)
                calls += 1
                // Each output stands for consumed bytes; a few outputs (APPEND start/begin/continuation/end)
                // may come from one byte, never an unbounded number.
                if calls > 8 + 8 * (before + step) { return nil }
                if parser.bufferedByteCount > limits.maxCommandSize { return nil }
                if case .continuationRequired = output, mode == 2 {
                    _ = parser.refuseLiteral()
                }
            }
        } while offset < input.count
        return mergeMessageChunks(outputs)
    }

    static func show(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self).debugDescription }
}

/// Byte-level mutations of valid commands.
enum CommandMutator {
    static let tokens: [[UInt8]] = [
        "{5}\r\n", "{3+}\r\n", "~{2}\r\n", "{0}\r\n", "{99999999999}\r\n", "{65+}\r\n", "\r\n", "\n", "(", ")", "\"",
        "\\", " ", "[", "]", "<", ">", "*", "$", "%", "NIL", "UID ", "APPEND ", "UTF8 (", "DONE\r\n", "\u{0}",
        "((((((((", "NOT NOT NOT ", "1:*,", "BODY[", "+FLAGS ", "\u{FF}",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], using random: inout CommandTestRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 1:
                bytes = Array(bytes.prefix(position))
            case 2:
                bytes.insert(contentsOf: tokens.randomElement(using: &random)!, at: position)
            case 3 where !bytes.isEmpty:
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
            case 4:
                let count = Int.random(in: 0...80, using: &random)
                let header = Array("{\(count)\(Bool.random(using: &random) ? "+" : "")}\r\n".utf8)
                bytes.insert(contentsOf: header + (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }, at: position)
            default:
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            }
        }
        return bytes
    }
}

/// Random valid commands in canonical form (so they must round-trip exactly).
struct CommandGenerator {
    var counter = 0

    mutating func command(using random: inout CommandTestRandom) -> [UInt8] {
        counter += 1
        let tag = "t\(counter)"
        let text: String
        switch Int.random(in: 0..<6, using: &random) {
        case 0:
            let attributes = (0..<Int.random(in: 1...4, using: &random)).map { _ in fetchAttribute(&random) }
            text = "\(tag) FETCH \(sequenceSet(&random)) (\(attributes.joined(separator: " ")))"
        case 1:
            text = "\(tag) UID SEARCH \(searchKey(&random, depth: 0)) \(searchKey(&random, depth: 0))"
        case 2:
            let flags = ["\\Seen", "\\Deleted", "$Junk", "foo"].shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random))
            text = "\(tag) STORE \(sequenceSet(&random)) +FLAGS.SILENT (\(flags.joined(separator: " ")))"
        case 3:
            text = "\(tag) LOGIN \(string(&random)) \(string(&random))"
        case 4:
            let body = String(repeating: "m", count: Int.random(in: 0...40, using: &random))
            text = "\(tag) APPEND \(string(&random)) (\\Seen) {\(body.utf8.count)+}\r\n\(body)"
        default:
            text = "\(tag) LIST \"\" (\(string(&random)) %) RETURN (STATUS (MESSAGES SIZE))"
        }
        return Array((text + "\r\n").utf8)
    }

    func sequenceSet(_ random: inout CommandTestRandom) -> String {
        if Int.random(in: 0..<8, using: &random) == 0 { return "$" }
        return (0..<Int.random(in: 1...4, using: &random)).map { _ in
            let a = Int.random(in: 1...500, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return "\(a)"
            case 1: return "\(a):*"
            default: return "\(a):\(Int.random(in: 1...500, using: &random))"
            }
        }.joined(separator: ",")
    }

    func fetchAttribute(_ random: inout CommandTestRandom) -> String {
        let simple = ["FLAGS", "UID", "ENVELOPE", "RFC822.SIZE", "BODYSTRUCTURE", "MODSEQ", "INTERNALDATE"]
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return simple.randomElement(using: &random)!
        case 1: return "BODY.PEEK[\(Int.random(in: 1...9, using: &random)).MIME]<0.\(Int.random(in: 1...999, using: &random))>"
        case 2: return "BINARY[\(Int.random(in: 1...9, using: &random))]"
        default: return "BODY[HEADER.FIELDS (From \"X Y\")]"
        }
    }

    func searchKey(_ random: inout CommandTestRandom, depth: Int) -> String {
        let leaves = ["SEEN", "UNSEEN", "LARGER 100", "FROM \"a b\"", "SINCE 1-Feb-1994", "UID 1:5", "KEYWORD $Junk", "ALL"]
        guard depth < 3 else { return leaves.randomElement(using: &random)! }
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return "NOT \(searchKey(&random, depth: depth + 1))"
        case 1: return "OR \(searchKey(&random, depth: depth + 1)) \(searchKey(&random, depth: depth + 1))"
        case 2: return "(\(searchKey(&random, depth: depth + 1)) \(searchKey(&random, depth: depth + 1)))"
        default: return leaves.randomElement(using: &random)!
        }
    }

    func string(_ random: inout CommandTestRandom) -> String {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return "box\(Int.random(in: 0...99, using: &random))"
        case 1: return "\"a \\\"b\\\\\""
        default: return "{3+}\r\nx\ty"
        }
    }
}

enum CommandTestEnvironment {
    static func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        return String(cString: pointer)
    }
}
