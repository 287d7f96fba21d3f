/// RAM and CPU per user for one profile, and how many such users fit in a memory budget.
///
/// Memory is PSS (proportional set size, shared pages divided among the processes mapping them) when
/// the samples carry it, else RSS: summed RSS would count the libraries of a process-per-user server
/// once per user.
/// - baseline: mean RSS of the server tree in the samples taken before the first connection;
/// - steady RSS: median RSS of the samples in the hold window (after ramp-up, until the end), which
///   ignores one-off spikes; peak RSS is reported beside it;
/// - RAM per user = (steady RSS - baseline) / users logged in at the start of the hold;
/// - CPU per user = CPU seconds the tree used during the hold / hold seconds / users (in cores);
/// - users in B GiB = (B GiB - baseline) / RAM per user, rounded down (RAM is the bound this reports;
///   the CPU those users would need is given beside it, since it depends on their activity).
public struct CapacityEstimate: Codable, Sendable, Hashable {
    public struct Fit: Codable, Sendable, Hashable {
        public var gibibytes: Int
        /// nil when RAM per user is zero or negative (no bound from RAM).
        public var users: Int?
        /// Cores those users would keep busy at this profile's rate.
        public var cores: Double?
    }

    public var users: Int
    /// "PSS" or "RSS": which memory figure the estimate is based on.
    public var memoryMeasure: String
    public var baselineRSSBytes: Double
    public var steadyRSSBytes: Double
    public var peakRSSBytes: Double
    public var ramPerUserBytes: Double
    /// Average cores used during the hold.
    public var cores: Double
    public var coresPerUser: Double
    public var fits: [Fit]

    public static let budgetsGiB = [1, 4, 16]

    /// nil when there are no baseline or hold samples or no users.
    public static func compute(samples: [RunReport.Sample], holdStart: Double, holdEnd: Double, users: Int) -> CapacityEstimate? {
        let hold = samples.filter { $0.time >= holdStart && $0.time <= holdEnd }
        guard users > 0, hold.count >= 2, let first = hold.first, let last = hold.last else { return nil }
        let usePSS = samples.contains { $0.time < 0 && $0.pssBytes != nil } && hold.filter { $0.pssBytes != nil }.count >= 1
        func memory(_ sample: RunReport.Sample) -> Double? {
            usePSS ? sample.pssBytes.map { Double($0) } : Double(sample.rssBytes)
        }
        let baseline = samples.filter { $0.time < 0 }.compactMap(memory)
        let holdMemory = hold.compactMap(memory)
        guard !baseline.isEmpty, !holdMemory.isEmpty else { return nil }
        let baselineRSS = baseline.reduce(0, +) / Double(baseline.count)
        let steady = median(holdMemory)
        let peak = holdMemory.max() ?? steady
        let perUser = (steady - baselineRSS) / Double(users)
        let span = last.time - first.time
        let cores = span > 0 ? max(0, last.cpuSeconds - first.cpuSeconds) / span : 0
        let coresPerUser = cores / Double(users)
        let fits = budgetsGiB.map { gib -> Fit in
            let budget = Double(gib) * 1_073_741_824 - baselineRSS
            let ratio = (budget / perUser).rounded(.down)
            // Growth under one byte per user (or none) gives no bound from RAM.
            guard perUser >= 1, ratio.isFinite, ratio < 1e15 else { return Fit(gibibytes: gib, users: nil, cores: nil) }
            let count = max(0, Int(ratio))
            return Fit(gibibytes: gib, users: count, cores: Double(count) * coresPerUser)
        }
        return CapacityEstimate(users: users, memoryMeasure: usePSS ? "PSS" : "RSS", baselineRSSBytes: baselineRSS, steadyRSSBytes: steady, peakRSSBytes: peak,
                                ramPerUserBytes: perUser, cores: cores, coresPerUser: coresPerUser, fits: fits)
    }

    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
