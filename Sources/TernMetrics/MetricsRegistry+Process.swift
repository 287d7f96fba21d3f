import CoreMetrics
import NIOConcurrencyHelpers

extension MetricsRegistry {
    /// Memory and CPU of this process, read once per scrape: jemalloc's counters (when linked) and /proc.
    public func registerProcessStatistics() {
        let factory = self.factory
        func gauge(_ name: String) -> Gauge { Gauge(label: name, dimensions: [], factory: factory) }
        if JemallocStatistics.read() != nil {
            let allocated = gauge("tern_jemalloc_allocated_bytes")
            let active = gauge("tern_jemalloc_active_bytes")
            let resident = gauge("tern_jemalloc_resident_bytes")
            let mapped = gauge("tern_jemalloc_mapped_bytes")
            let metadata = gauge("tern_jemalloc_metadata_bytes")
            onScrape {
                guard let heap = JemallocStatistics.read() else { return }
                allocated.record(heap.allocated)
                active.record(heap.active)
                resident.record(heap.resident)
                mapped.record(heap.mapped)
                metadata.record(heap.metadata)
            }
        }
        if ProcessStatistics.read() != nil {
            let residentMemory = gauge("tern_process_resident_memory_bytes")
            let threads = gauge("tern_process_threads")
            // CPU time is a running total kept by the kernel: the counter moves by what was added since the last scrape.
            let cpu = FloatingPointCounter(label: "tern_process_cpu_seconds_total", dimensions: [], factory: factory)
            let lastCPU = NIOLockedValueBox<Double>(0)
            onScrape {
                guard let process = ProcessStatistics.read() else { return }
                residentMemory.record(process.residentBytes)
                threads.record(process.threads)
                let total = process.userCPUSeconds + process.systemCPUSeconds
                let added = lastCPU.withLockedValue { last in
                    defer { last = max(last, total) }
                    return total - last
                }
                if added > 0 { cpu.increment(by: added) }
            }
        }
    }
}
