/// Everything one `tern-load run` measured; written as report.json and rendered to Markdown and SVG.
public struct RunReport: Codable, Sendable {
    public struct Configuration: Codable, Sendable {
        public var profile: Profile
        public var host: String
        public var port: Int
        public var users: Int
        public var duration: Double
        public var ramp: Double
        public var think: Double
        public var seed: UInt64
        public var serverPid: Int32
        public var server: String
        /// Implicit TLS (IMAPS).
        public var tls: Bool

        public init(profile: Profile, host: String, port: Int, users: Int, duration: Double, ramp: Double,
                    think: Double, seed: UInt64, serverPid: Int32, server: String, tls: Bool = false) {
            self.profile = profile
            self.host = host
            self.port = port
            self.users = users
            self.duration = duration
            self.ramp = ramp
            self.think = think
            self.seed = seed
            self.serverPid = serverPid
            self.server = server
            self.tls = tls
        }
    }

    /// One per-second sample of the server's process tree.
    public struct Sample: Codable, Sendable, Hashable {
        /// Seconds since the run started (negative: before the first connection).
        public var time: Double
        public var rssBytes: UInt64
        /// Sum of PSS over the tree (shared pages counted once); nil in samples where it was not read.
        public var pssBytes: UInt64?
        /// Cumulative CPU seconds of the tree (user + system, reaped children included).
        public var cpuSeconds: Double
        public var processes: Int
        /// Sessions logged in at this moment.
        public var activeSessions: Int
        /// ESTABLISHED TCP connections of the tree to `--count-connections-to` (nil when not counted).
        public var connections: Int?

        public init(time: Double, rssBytes: UInt64, pssBytes: UInt64? = nil, cpuSeconds: Double, processes: Int, activeSessions: Int,
                    connections: Int? = nil) {
            self.time = time
            self.rssBytes = rssBytes
            self.pssBytes = pssBytes
            self.cpuSeconds = cpuSeconds
            self.processes = processes
            self.activeSessions = activeSessions
            self.connections = connections
        }
    }

    public struct Counters: Codable, Sendable, Hashable {
        public var sessionsStarted = 0
        public var connectFailures = 0
        public var loginFailures = 0
        /// Connections the server closed (or that failed) before the run's end.
        public var droppedSessions = 0
        public var commandsOK = 0
        public var commandsNO = 0
        public var commandsBAD = 0
        public var protocolErrors = 0
        /// NO / BAD answers per command name.
        public var failuresByCommand: [String: Int] = [:]
        /// The first `failureSampleLimit` NO / BAD answers: "command name: BAD [code] text" (nil in
        /// reports written before it existed).
        public var failureSamples: [String]? = []
        public static let failureSampleLimit = 20
        public var bytesFetched: UInt64 = 0
        public var bytesAppended: UInt64 = 0
        /// Most sessions logged in at once.
        public var peakSessions = 0
        /// stress profile: answers that contradicted a session's model, in all and per kind, and the
        /// first `failureSampleLimit` of them (nil for other profiles and older reports).
        public var violations: Int?
        public var violationsByKind: [String: Int]?
        public var violationSamples: [String]?
        /// stress profile: FETCH responses showing \Recent (each UID may be claimed by one session only: RecentLedger).
        public var recentClaims: Int?
        /// stress profile: other sessions' keywords compared in FETCH FLAGS with their acknowledged STOREs (FlagLedger).
        public var flagChecks: Int?

        public init() {}

        public mutating func record(_ violation: StressViolation, session: Int) {
            violations = (violations ?? 0) + 1
            violationsByKind = violationsByKind ?? [:]
            violationsByKind?[violation.kind.rawValue, default: 0] += 1
            if violationSamples?.count ?? 0 < Self.failureSampleLimit {
                violationSamples = (violationSamples ?? []) + ["session \(session): \(violation)"]
            }
        }

        /// Failures of any kind: violations, NO/BAD answers, protocol errors, connections lost or refused.
        public var errors: Int {
            (violations ?? 0) + commandsNO + commandsBAD + protocolErrors + droppedSessions + connectFailures + loginFailures
        }
    }

    public var configuration: Configuration
    /// When ramp-up ended and the measured hold began, and when the run stopped (run clock seconds).
    public var holdStart: Double
    public var holdEnd: Double
    public var samples: [Sample]
    public var latencies: [LatencySummary]
    public var counters: Counters
    public var capacity: CapacityEstimate?
    /// The load tool's own peak RSS, to show it was not the bottleneck.
    public var loaderPeakRSSBytes: UInt64
    /// The server tree's connections to `--count-connections-to` (nil when not counted).
    public var connections: ConnectionCountSummary?

    public init(configuration: Configuration, holdStart: Double, holdEnd: Double, samples: [Sample],
                latencies: [LatencySummary], counters: Counters, capacity: CapacityEstimate?, loaderPeakRSSBytes: UInt64,
                connections: ConnectionCountSummary? = nil) {
        self.connections = connections
        self.configuration = configuration
        self.holdStart = holdStart
        self.holdEnd = holdEnd
        self.samples = samples
        self.latencies = latencies
        self.counters = counters
        self.capacity = capacity
        self.loaderPeakRSSBytes = loaderPeakRSSBytes
    }
}

extension RunReport.Configuration {
    /// Reports written before `tls` existed decode as plaintext runs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            profile: try container.decode(Profile.self, forKey: .profile), host: try container.decode(String.self, forKey: .host),
            port: try container.decode(Int.self, forKey: .port), users: try container.decode(Int.self, forKey: .users),
            duration: try container.decode(Double.self, forKey: .duration), ramp: try container.decode(Double.self, forKey: .ramp),
            think: try container.decode(Double.self, forKey: .think), seed: try container.decode(UInt64.self, forKey: .seed),
            serverPid: try container.decode(Int32.self, forKey: .serverPid), server: try container.decode(String.self, forKey: .server),
            tls: try container.decodeIfPresent(Bool.self, forKey: .tls) ?? false)
    }
}
