import NIOCore
import TernMIME

/// Deterministic generator for randomized tests (SplitMix64); tests print the seed on failure.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs `input` through a fresh transform, cut at the given offsets.
func transform<T: ByteStreamTransform>(_ make: () throws -> T, _ input: [UInt8], cuts: [Int]) rethrows -> [UInt8] {
    var transform = try make()
    var output = ByteBuffer()
    var start = 0
    for cut in cuts.sorted() + [input.count] where cut >= start {
        transform.feed(ByteBuffer(bytes: input[start..<cut]), into: &output)
        start = cut
    }
    transform.finish(into: &output)
    return Array(output.readableBytesView)
}

/// Output in one piece, byte by byte, and split at every single offset must all be equal.
/// Returns the offending cut description, or nil when all splits agree.
func splitInvarianceViolation<T: ByteStreamTransform>(_ make: () throws -> T, _ input: [UInt8]) rethrows -> String? {
    let whole = try transform(make, input, cuts: [])
    if try transform(make, input, cuts: Array(0..<input.count)) != whole { return "byte-at-a-time" }
    for cut in 0...input.count where try transform(make, input, cuts: [cut]) != whole {
        return "cut at \(cut)"
    }
    return nil
}

/// The UTF-8 bytes of a string literal.
func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }
