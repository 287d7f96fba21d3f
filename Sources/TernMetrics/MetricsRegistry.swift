import NIOConcurrencyHelpers

/// The gauges and counters a process exposes, each read by a closure when the endpoint is scraped
/// (no background sampling, no per-session timers). Names follow Prometheus conventions.
public final class MetricsRegistry: Sendable {
    public struct Sample: Hashable, Sendable {
        public var name: String
        public var help: String
        public var kind: Kind
        public var value: Double

        public enum Kind: String, Hashable, Sendable { case gauge, counter }
    }

    private struct Source: Sendable {
        let read: @Sendable () -> [Sample]
    }

    /// Registered sources are few and fixed at start-up; the bound guards against a loop registering.
    public static let maxSources = 256
    private let sources = NIOLockedValueBox<[Source]>([])

    public init() {}

    /// Adds a source of samples; returns false once `maxSources` are registered.
    @discardableResult
    public func register(_ read: @escaping @Sendable () -> [Sample]) -> Bool {
        sources.withLockedValue { sources in
            guard sources.count < Self.maxSources else { return false }
            sources.append(Source(read: read))
            return true
        }
    }

    public func gauge(_ name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        register { [Sample(name: name, help: help, kind: .gauge, value: read())] }
    }

    public func samples() -> [Sample] {
        sources.withLockedValue { $0 }.flatMap { $0.read() }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func prometheusText() -> String {
        PrometheusText.render(samples())
    }

    /// Memory and CPU of this process: jemalloc's counters (when linked) and /proc.
    public func registerProcessStatistics() {
        register {
            var samples: [Sample] = []
            if let heap = JemallocStatistics.read() {
                samples += [
                    Sample(name: "tern_jemalloc_allocated_bytes", help: "Bytes allocated by the program (jemalloc stats.allocated).", kind: .gauge, value: Double(heap.allocated)),
                    Sample(name: "tern_jemalloc_active_bytes", help: "Bytes in active pages (jemalloc stats.active).", kind: .gauge, value: Double(heap.active)),
                    Sample(name: "tern_jemalloc_resident_bytes", help: "Bytes in resident pages owned by jemalloc (stats.resident).", kind: .gauge, value: Double(heap.resident)),
                    Sample(name: "tern_jemalloc_mapped_bytes", help: "Bytes mapped by jemalloc (stats.mapped).", kind: .gauge, value: Double(heap.mapped)),
                    Sample(name: "tern_jemalloc_metadata_bytes", help: "Bytes of jemalloc metadata (stats.metadata).", kind: .gauge, value: Double(heap.metadata)),
                ]
            }
            if let process = ProcessStatistics.read() {
                samples += [
                    Sample(name: "tern_process_resident_memory_bytes", help: "Resident set size from /proc/self/status.", kind: .gauge, value: Double(process.residentBytes)),
                    Sample(name: "tern_process_cpu_seconds_total", help: "User plus system CPU time.", kind: .counter, value: process.userCPUSeconds + process.systemCPUSeconds),
                    Sample(name: "tern_process_threads", help: "Threads of this process.", kind: .gauge, value: Double(process.threads)),
                ]
            }
            return samples
        }
    }
}

enum PrometheusText {
    static func render(_ samples: [MetricsRegistry.Sample]) -> String {
        var text = ""
        var described: Set<String> = []
        for sample in samples {
            if described.insert(sample.name).inserted {
                text += "# HELP \(sample.name) \(sample.help)\n# TYPE \(sample.name) \(sample.kind.rawValue)\n"
            }
            text += "\(sample.name) \(format(sample.value))\n"
        }
        return text
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
