import TernTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `ExternalCommand` reads a child's exit from the kernel (/proc) when Foundation is late to notice it: the exit
/// code and the killing signal come out as `Process.terminationStatus` gives them.
@Suite(.timeLimit(.minutes(1))) struct ExternalCommandExitTests {
    /// Spawns `/bin/sh -c script` without Foundation, so nobody reaps it but this test.
    static func spawn(_ script: String) throws -> pid_t {
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", script]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let result = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
        guard result == 0 else { throw SpawnFailed(code: result) }
        return pid
    }

    struct SpawnFailed: Error { let code: Int32 }

    static func statusOnceExited(_ pid: pid_t) async throws -> Int32 {
        while true {
            if let status = ExternalCommand.exitStatusOfUnreaped(pid) { return status }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func anExitCodeIsReadBeforeTheChildIsReaped() async throws {
        let pid = try Self.spawn("exit 3")
        #expect(try await Self.statusOnceExited(pid) == 3)
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        #expect(ExternalCommand.exitStatusOfUnreaped(pid) == nil, "reaped: no longer in /proc")
    }

    @Test func aKillingSignalIsReadAsTheSignal() async throws {
        let pid = try Self.spawn("kill -TERM $$; sleep 5")
        #expect(try await Self.statusOnceExited(pid) == SIGTERM)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    @Test func aRunningChildHasNoStatus() async throws {
        let pid = try Self.spawn("sleep 5")
        #expect(ExternalCommand.exitStatusOfUnreaped(pid) == nil)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }
}
