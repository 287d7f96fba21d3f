import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import TernLoadCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a load profile with N concurrent sessions and report latency, server RAM/CPU and capacity."
    )

    @OptionGroup var target: TargetOptions
    @Option(help: "idle | fetch-full | fetch-structure | search-text | append | mixed | sync | stress") var profile: Profile
    @Option(help: "Concurrent sessions (users 1...N).") var users: Int
    @Option(help: "Seconds from the first connection until the sessions log out (ramp included).") var duration: Double
    @Option(help: "The server's pid; RSS and CPU are summed over its process tree.") var serverPid: Int32
    @Option(help: "Seconds over which sessions connect (default: users / 500, at least 2).") var ramp: Double?
    @Option(help: "Mean think time between steps of the mixed and sync profiles, seconds.") var think: Double = 5
    @Option(help: "Read PSS (smaps_rollup of every server process) every this many samples; 0 = never.") var pssEvery: Int = 2
    @Option(help: "Seconds of baseline samples before the first connection.") var baseline: Double = 3
    @Option(help: "Report directory (report.json, report.md, ram.svg, cpu.svg, latency.svg).") var out: String?
    @Option(help: "Also count, every second, the server tree's ESTABLISHED TCP connections to this remote port (e.g. its S3 endpoint's).")
    var countConnectionsTo: UInt16?

    func run() async throws {
        try target.validateLoopback()
        let ramp = self.ramp ?? max(2, Double(users) / 500)
        guard users > 0, duration > ramp + 2 else { throw ValidationError("need --users > 0 and --duration > ramp + 2 s (ramp \(ramp) s)") }
        let limit = FileLimit.raiseToHard()
        // One descriptor per session plus headroom for the event loops, /proc reads and report files.
        guard users + 64 <= limit else {
            throw ValidationError("\(users) users need \(users + 64) file descriptors; the limit here is \(limit) (hard). "
                                  + "At most \(limit - 64) users fit in this process.")
        }
        let sampler = ProcSampler(root: serverPid)
        guard sampler.read() != nil else { throw ValidationError("no process with pid \(serverPid)") }
        let serverName = (ProcSampler.readFile("/proc/\(serverPid)/comm") ?? "server").trimmingCharacters(in: .whitespacesAndNewlines)

        let group = MultiThreadedEventLoopGroup(numberOfThreads: min(2, System.coreCount))
        let clock = RunClock(origin: .now() + .nanoseconds(Int64(baseline * 1e9)))
        let metrics = Metrics(expectedSessions: users, clock: clock)
        let pattern = UserPattern(pattern: target.userPattern)
        var generator = MessageGenerator(seed: target.seed)
        if profile == .stress {
            // The stress profile checks mailbox state, not bulk transfer: small messages, many commands.
            generator = MessageGenerator(seed: target.seed, distribution: generator.distribution.capped(at: Self.stressMessageLimit))
            metrics.count { $0.violations = 0 }
        }
        let shared = SessionContext(metrics: metrics, clock: clock, end: duration, generator: generator)
        let runner = LoadRunner(host: target.host, port: target.port, group: group, shared: shared, tls: try target.tlsContext())
        let profile = self.profile
        let password = target.password
        let seed = target.seed
        let think = self.think
        let pssEvery = self.pssEvery
        let connectionPort = countConnectionsTo

        // Sample once a second from the baseline until everything is closed.
        let samplerTask = Task {
            var samples: [RunReport.Sample] = []
            var loaderPeak: UInt64 = 0
            var tick = -baseline
            var count = 0
            while !Task.isCancelled {
                let withPSS = pssEvery > 0 && count % pssEvery == 0
                count += 1
                if let reading = sampler.read(withPSS: withPSS) {
                    let connections = connectionPort.flatMap { sampler.establishedConnections(toRemotePort: $0) }
                    samples.append(RunReport.Sample(time: clock.now(), rssBytes: reading.rssBytes, pssBytes: reading.pssBytes, cpuSeconds: reading.cpuSeconds,
                                                    processes: reading.processes, activeSessions: metrics.active, connections: connections))
                }
                loaderPeak = max(loaderPeak, sampler.ownRSS())
                tick += 1
                let wait = clock.deadline(at: tick) - .now()
                if wait.nanoseconds > 0 { try? await Task.sleep(nanoseconds: UInt64(wait.nanoseconds)) }
            }
            return (samples, loaderPeak)
        }

        runner.start(count: users, ramp: ramp) { index in
            let credentials = Credentials(user: pattern.name(index + 1), password: password, index: index + 1)
            return SessionState(credentials: credentials, script: profile.script(credentials: credentials, seed: seed, think: think))
        }
        print("run: \(profile.rawValue), \(users) users, ramp \(ramp) s, duration \(duration) s against \(serverName) (pid \(serverPid))")
        var lastReport = -10.0
        while clock.now() < duration + 10 && metrics.finished < users {
            if clock.now() - lastReport >= 10 {
                lastReport = clock.now()
                print("  t=\(Int(clock.now())) s: \(metrics.active) logged in, \(metrics.finished) ended")
            }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        await runner.closeAll()
        samplerTask.cancel()
        let (samples, loaderPeak) = await samplerTask.value
        try await group.shutdownGracefully()

        let holdEnd = duration
        let holdStart = min((metrics.allLoggedInAt ?? ramp) + 1, holdEnd - 1)
        let holdActive = samples.filter { $0.time >= holdStart && $0.time <= holdEnd }.map { Double($0.activeSessions) }
        let activeUsers = Int(CapacityEstimate.median(holdActive).rounded())
        let report = RunReport(
            configuration: .init(profile: profile, host: target.host, port: target.port, users: users, duration: duration,
                                 ramp: ramp, think: think, seed: seed, serverPid: serverPid, server: serverName, tls: target.tls),
            holdStart: holdStart, holdEnd: holdEnd, samples: samples, latencies: metrics.latencies, counters: metrics.counters,
            capacity: CapacityEstimate.compute(samples: samples, holdStart: holdStart, holdEnd: holdEnd, users: activeUsers),
            loaderPeakRSSBytes: loaderPeak,
            connections: connectionPort.flatMap { port in
                ConnectionCountSummary.compute(remotePort: Int(port), samples: samples, holdStart: holdStart, holdEnd: holdEnd)
            })
        let directory = out ?? "out/\(profile.rawValue)-\(users)"
        try ReportWriter.write(report, to: directory)
        print(MarkdownReport.render(report))
        print("report written to \(directory)/report.md")
        if profile == .stress {
            let counters = report.counters
            print("stress: \(counters.violations ?? 0) violations, \(counters.commandsOK + counters.commandsNO + counters.commandsBAD) commands "
                  + "(NO \(counters.commandsNO), BAD \(counters.commandsBAD)), protocol errors \(counters.protocolErrors), "
                  + "dropped \(counters.droppedSessions), connect/login failures \(counters.connectFailures)/\(counters.loginFailures)")
            if counters.errors > 0 { throw ExitCode(1) }
        }
    }

    /// Largest message the stress profile appends.
    static let stressMessageLimit = 8 * 1024
}

enum ReportWriter {
    static func write(_ report: RunReport, to directory: String) throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: url.appendingPathComponent("report.json"))
        try Data(MarkdownReport.render(report).utf8).write(to: url.appendingPathComponent("report.md"))
        for (name, svg) in MarkdownReport.plots(report) {
            try Data(svg.utf8).write(to: url.appendingPathComponent(name))
        }
    }
}

extension Profile: ExpressibleByArgument {}
