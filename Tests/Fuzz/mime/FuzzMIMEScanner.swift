// libFuzzer entry point for TernMIME's scanner, renderers, structure encoding and section resolver.
// Compiled together with the NIO-free TernMIME sources into one module (see README.md), so it
// calls the module's API directly without `import TernMIME`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIMEScanner(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = MIMEScanLimits(maxParts: 200, maxDepth: 30, maxFieldBytes: 2048, maxRetainedHeaderBytes: 16 * 1024)

    let whole = MIMEScanner.scan(bytes, limits: limits)

    // Chunking must not change the result: split at a size derived from the input.
    var chunked = MIMEScanner(limits: limits)
    let step = max(1, Int(bytes.first ?? 1) % 13 + 1)
    var i = 0
    while i < bytes.count {
        let n = min(step, bytes.count - i)
        chunked.feed(Array(bytes[i..<i + n]))
        i += n
    }
    precondition(chunked.finish() == whole, "chunking changed the structure")

    precondition(whole.size == bytes.count)
    precondition(whole.partCount <= limits.maxParts && whole.root.depth <= limits.maxDepth)
    precondition(whole.root.fullRange.end == bytes.count)

    let encoded = whole.binaryEncoded()
    precondition((try? MessageStructure(binary: encoded)) == whole, "binary round trip")
    _ = try? MessageStructure(binary: bytes)  // arbitrary bytes as a stored structure must not trap

    _ = BodyStructureRenderer.render(whole, extended: true)
    _ = BodyStructureRenderer.render(whole, extended: false)
    _ = EnvelopeRenderer.render(whole.envelope)

    for path in [[], [1], [1, 1], [2], [2, 1], [1, 2, 3]] as [[Int]] {
        for text in [nil, .mime, .header, .text, .headerFields([Array("subject".utf8)])] as [SectionSpec.Text?] {
            switch SectionResolver.resolve(SectionSpec(part: path, text: text), partial: FetchPartial(offset: 3, length: 50), in: whole) {
            case .ranges(let ranges):
                for r in ranges { precondition(r.offset >= 0 && r.count >= 0 && r.end <= bytes.count) }
            case .filteredHeader(let range, var filter, _):
                precondition(range.offset >= 0 && range.end <= bytes.count)
                var out: [UInt8] = []
                filter.feed(bytes[range.offset..<range.end], into: &out)
                filter.finish(into: &out)
            case .missing:
                break
            }
        }
    }
    return 0
}
