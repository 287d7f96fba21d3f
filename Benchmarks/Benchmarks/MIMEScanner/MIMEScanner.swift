import Benchmark
import NIOCore
import TernMIME

/// Scanner throughput and allocations per message, fed in 64 KiB chunks as storage delivers them.
let benchmarks: @Sendable () -> Void = {
    let cases: [(name: String, bytes: [UInt8])] = [
        ("small text", SampleMessages.smallText()),
        ("30 KB HTML multipart", SampleMessages.htmlMultipart()),
        ("10 MB attachment", SampleMessages.largeAttachment()),
    ]
    for (name, message) in cases {
        let chunks = stride(from: 0, to: message.count, by: 65_536).map {
            ByteBuffer(bytes: message[$0..<min(message.count, $0 + 65_536)])
        }
        Benchmark(
            "MIME scanner, \(name) (\(message.count) bytes)",
            configuration: .init(
                metrics: [.throughput, .wallClock, .mallocCountTotal],
                maxDuration: .seconds(3),
                maxIterations: 10_000
            )
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                var scanner = MIMEScanner()
                for chunk in chunks { scanner.feed(chunk) }
                blackHole(scanner.finish())
            }
        }
    }
}
