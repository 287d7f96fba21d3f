/// The side-by-side table `perf/compare` writes: per profile and user count, RAM and CPU per user and
/// the main command's latency for each server, and the ratio candidate / reference (Tern / Dovecot).
public enum ComparisonTable {
    public struct Row: Sendable {
        public var label: String
        public var reference: RunReport?
        public var candidate: RunReport?

        public init(label: String, reference: RunReport?, candidate: RunReport?) {
            self.label = label
            self.reference = reference
            self.candidate = candidate
        }
    }

    /// The command whose latency represents a profile in the table.
    public static func mainCommand(_ profile: Profile) -> String {
        switch profile {
        case .idle: return "IDLE (until +)"
        case .fetchFull: return "FETCH 1:* BODY.PEEK[]"
        case .fetchStructure: return "FETCH 1:* BODYSTRUCTURE ENVELOPE FLAGS"
        case .searchText: return "SEARCH TEXT"
        case .append: return "APPEND"
        case .mixed: return "FETCH headers"
        case .sync: return "UID FETCH 1:* FLAGS"
        case .stress: return "UID STORE"
        }
    }

    public static func render(rows: [Row], referenceName: String, candidateName: String) -> String {
        var out = "| profile | measure | \(referenceName) | \(candidateName) | \(candidateName) / \(referenceName) |\n|---|---|---|---|---|\n"
        for row in rows {
            let measures: [(String, (RunReport) -> Double?, (Double) -> String)] = [
                ("RAM per user", { $0.capacity?.ramPerUserBytes }, { Units.bytes($0) }),
                ("CPU per user (millicores)", { $0.capacity.map { $0.coresPerUser * 1000 } }, { Units.decimal($0, 3) }),
                ("users in 16 GiB", { $0.capacity?.fits.last?.users.map(Double.init) }, { Units.decimal($0, 0) }),
                ("p50 ms", { latency($0)?.p50 }, { Units.decimal($0 / 1000, 2) }),
                ("p99 ms", { latency($0)?.p99 }, { Units.decimal($0 / 1000, 2) }),
            ]
            for (index, (name, value, format)) in measures.enumerated() {
                let reference = row.reference.flatMap(value)
                let candidate = row.candidate.flatMap(value)
                let ratio: String
                if let reference, let candidate, reference != 0 { ratio = Units.decimal(candidate / reference, 2) } else { ratio = "-" }
                let label = index == 0 ? row.label : ""
                var metric = name
                if name.hasPrefix("p"), let any = row.reference ?? row.candidate {
                    metric += " (" + mainCommand(any.configuration.profile) + ")"
                }
                out += "| \(label) | \(metric) | \(reference.map(format) ?? "-") | \(candidate.map(format) ?? "-") | \(ratio) |\n"
            }
        }
        return out
    }

    static func latency(_ report: RunReport) -> (p50: Double, p99: Double)? {
        let name = mainCommand(report.configuration.profile)
        guard let summary = report.latencies.first(where: { $0.name == name }) else { return nil }
        return (Double(summary.p50), Double(summary.p99))
    }
}
