import NIOCore
import Testing

@testable import TernIMAP

/// Helpers shared by the response tests: parse whole, parse byte at a time, encode.
enum ResponseTestSupport {
    /// Round trips re-encode what a server may send once CONDSTORE and QRESYNC are enabled (VANISHED, MODSEQ).
    static let roundTripOptions = EncodingOptions(condstore: true, qresync: true)

    static func buffer(_ string: String) -> ByteBuffer { ByteBuffer(string: string) }

    /// Parses `wire` fed in one piece.
    static func parseWhole(_ wire: [UInt8], limits: ResponseParserLimits = .default) throws -> [Response] {
        var parser = ResponseParser(limits: limits)
        let responses = try parser.parse(ByteBuffer(bytes: wire))
        #expect(parser.bufferedByteCount == 0, "bytes left over after the last response")
        return responses
    }

    /// Parses `wire` fed one byte at a time.
    static func parseByteAtATime(_ wire: [UInt8], limits: ResponseParserLimits = .default) throws -> [Response] {
        var parser = ResponseParser(limits: limits)
        var responses: [Response] = []
        for byte in wire {
            parser.append(ByteBuffer(bytes: [byte]))
            while let response = try parser.next() { responses.append(response) }
        }
        return responses
    }

    static func encode(_ responses: [Response], options: EncodingOptions = roundTripOptions) throws -> [UInt8] {
        var encoder = ResponseEncoder(options: options)
        for response in responses { try encoder.encode(response) }
        let bytes = encoder.take()
        return Array(bytes.readableBytesView)
    }

    static func encode(_ response: Response, options: EncodingOptions = roundTripOptions) throws -> String {
        String(decoding: try encode([response], options: options), as: UTF8.self)
    }

    /// Parses `wire` whole and byte at a time (same result), re-encodes it and expects the same bytes.
    @discardableResult
    static func expectRoundTrip(
        _ wire: String,
        options: EncodingOptions = roundTripOptions,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [Response] {
        let bytes = Array(wire.utf8)
        let whole = try parseWhole(bytes)
        let single = try parseByteAtATime(bytes)
        #expect(whole == single, "byte-at-a-time parse differs", sourceLocation: sourceLocation)
        let encoded = try encode(whole, options: options)
        #expect(
            String(decoding: encoded, as: UTF8.self) == wire, "re-encoding differs", sourceLocation: sourceLocation)
        return whole
    }
}
