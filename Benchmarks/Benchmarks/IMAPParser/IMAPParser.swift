import Benchmark
import NIOCore
import TernIMAP

/// Parser throughput on the command mix real clients send (docs/internals/real-world-mix.md:
/// FETCH 26 %, SELECT 16 %, SEARCH 14 %, UNSELECT 11 %, NOOP 6 %, IDLE 5 %, LOGIN 5 %, ...).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions],
        warmupIterations: 3,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    let mix = RealWorldCommandMix.build(commands: 1_000)

    Benchmark(
        "IMAP command parser, real-world mix (1,000 commands, \(mix.buffer.readableBytes / 1024) KiB)",
        configuration: .init(metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions])
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RealWorldCommandMix.parseAll(mix))
        }
    }

    Benchmark(
        "IMAP command parser, real-world mix, byte at a time (1,000 commands)",
        configuration: .init(metrics: [.throughput, .wallClock, .mallocCountTotal])
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RealWorldCommandMix.parseAll(mix, fragmentSize: 1))
        }
    }
}
