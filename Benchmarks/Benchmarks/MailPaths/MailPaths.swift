import Benchmark
import NIOCore
import TernMail

/// The per-message cost of the mail paths under FETCH and APPEND, through TernMail's public API
/// on the in-memory store (so it is Tern's CPU and allocations, not the disk's):
///
/// - FETCH metadata: `Mailbox.metadataRecords(of:)` over the whole INBOX, what the IMAP server's
///   FETCH reads for ENVELOPE, BODYSTRUCTURE, HEADER.FIELDS (`MailboxContentSource.structures`);
/// - FETCH body: `Mailbox.body(of:range:)` streamed to the end for every message, what
///   `BODY.PEEK[]` reads (decryption included);
/// - APPEND: `Mailbox.append` into a fresh INBOX (blob, metadata object, log row; packing every 256
///   messages as the server does): the same stores as the APPEND handler's staged path
///   (`stageAppend` + `commit`), which this does not measure.
///
/// One iteration is 1,000 messages of 2-5 KB (`scalingFactor: .kilo`); the output prints times
/// and allocations per message (marked `*`).
///
/// Allocation regressions fail `benchmark thresholds check --target MailPaths`: the p90
/// allocation count per iteration is checked in under `Thresholds/MailPaths.NAME.p90.json`, and a
/// run more than `allocationTolerancePercent` above it fails (`benchmarkThresholdRegression`).
/// See docs/performance.md. Names have no spaces: the plugin writes those files with `_` for a
/// space but looks them up by the plain name.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .cpuTotal],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 200,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: allocationTolerancePercent])]
    )

    let corpus = SampleMail.messages(BenchmarkScalingFactor.kilo.rawValue)
    let corpusBytes = corpus.reduce(0) { $0 + $1.readableBytes }

    Benchmark("FETCH-metadata-per-message") { benchmark, mailbox in
        var count = 0
        for try await (_, metadata) in mailbox.inbox.metadataRecords(of: mailbox.messages) {
            blackHole(metadata)
            count += 1
        }
        precondition(count == benchmark.scaledIterations.count, "read \(count) records")
    } setup: {
        try await SampleMailbox.filled(corpus)
    }

    Benchmark("FETCH-body-per-message") { benchmark, mailbox in
        var bytes = 0
        for message in mailbox.messages {
            for try await chunk in try await mailbox.inbox.body(of: message, range: nil) {
                bytes += chunk.readableBytes
            }
        }
        precondition(bytes == corpusBytes, "read \(bytes) of \(corpusBytes) bytes")
        blackHole(bytes)
    } setup: {
        try await SampleMailbox.filled(corpus)
    }

    Benchmark(
        "APPEND-per-message",
        configuration: .init(warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 50)
    ) { benchmark in
        // A fresh user and INBOX per iteration, made before the measurement starts.
        let mailbox = try await SampleMailbox.empty()
        benchmark.startMeasurement()
        for message in corpus {
            blackHole(try await mailbox.append(message))
        }
        benchmark.stopMeasurement()
        await mailbox.close()
    }
}

/// A run may allocate this much more (per cent of the checked-in p90 count) before
/// `benchmark thresholds check` fails; as much less counts as an improvement (exit code 4:
/// lower the checked-in threshold then).
let allocationTolerancePercent = 2.0
