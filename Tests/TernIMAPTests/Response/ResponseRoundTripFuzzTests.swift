import NIOCore
import Testing

@testable import TernIMAP

@Suite("Response encoder and parser agree (randomized)")
struct ResponseRoundTripFuzzTests {
    /// Random responses of every family: encode, parse (whole and in random fragments), compare values,
    /// and re-encode the parsed values to the same bytes.
    @Test(arguments: [EncodingOptions(condstore: true, qresync: true), EncodingOptions(utf8Accept: true, qresync: true)])
    func encodeParseEncode(options: EncodingOptions) throws {
        let seed: UInt64 = options.utf8Accept ? 0x7E27_0002 : 0x7E27_0001
        var generator = RandomResponses(seed: seed)
        for index in 0..<3000 {
            let response = generator.response()
            var encoder = ResponseEncoder(options: options)
            try encoder.encode(response)
            let wire = Array(encoder.take().readableBytesView)
            let text = String(decoding: wire, as: UTF8.self)
            var parser = ResponseParser()
            var parsed: [Response] = []
            var offset = 0
            while offset < wire.count {
                let length = min(wire.count - offset, generator.int(1...40))
                parser.append(ByteBuffer(bytes: wire[offset..<(offset + length)]))
                offset += length
                do {
                    while let next = try parser.next() { parsed.append(next) }
                } catch {
                    Issue.record("seed \(seed) #\(index): \(error) parsing \(text)")
                    return
                }
            }
            if parsed != [response] {
                Issue.record("seed \(seed) #\(index): parsed value differs from the encoded one: \(text)")
                return
            }
            var again = ResponseEncoder(options: options)
            for value in parsed { try again.encode(value) }
            #expect(Array(again.take().readableBytesView) == wire, "seed \(seed) #\(index): \(text)")
        }
    }
}
