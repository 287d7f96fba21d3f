import Testing

@testable import TernServer

/// Reading the sd_notify(3) environment systemd gives a `Type=notify` service.
@Suite struct SystemdNotifyTargetTests {
    @Test func notStartedBySystemd() {
        #expect(SystemdNotifyTarget(environment: [:], processID: 7) == nil)
        #expect(SystemdNotifyTarget(environment: ["NOTIFY_SOCKET": ""], processID: 7) == nil)
    }

    @Test func socketFileAndAbstractSocket() {
        let file = SystemdNotifyTarget(environment: ["NOTIFY_SOCKET": "/run/systemd/notify"], processID: 7)
        #expect(file?.address == .path("/run/systemd/notify"))
        #expect(file?.address.socketPathBytes == Array("/run/systemd/notify".utf8))
        let abstract = SystemdNotifyTarget(environment: ["NOTIFY_SOCKET": "@/org/freedesktop/notify"], processID: 7)
        #expect(abstract?.address == .abstract("/org/freedesktop/notify"))
        #expect(abstract?.address.socketPathBytes.first == 0)
        #expect(abstract?.watchdogPingInterval == nil)
    }

    /// vsock addresses (for virtual machines) and paths longer than `sun_path` are not used.
    @Test func unsupportedAddressesAreIgnored() {
        #expect(SystemdNotifyTarget(environment: ["NOTIFY_SOCKET": "vsock:2:1234"], processID: 7) == nil)
        let long = "/" + String(repeating: "a", count: 107)
        #expect(SystemdNotifyTarget(environment: ["NOTIFY_SOCKET": long], processID: 7) == nil)
        let longest = "/" + String(repeating: "a", count: 106)
        #expect(SystemdNotifyTarget(environment: ["NOTIFY_SOCKET": longest], processID: 7) != nil)
    }

    /// Pings at half of WatchdogSec, and only from the process the watchdog is for.
    @Test func watchdogInterval() {
        let base = ["NOTIFY_SOCKET": "/run/n", "WATCHDOG_USEC": "30000000"]
        #expect(SystemdNotifyTarget(environment: base, processID: 7)?.watchdogPingInterval == .seconds(15))
        var mine = base
        mine["WATCHDOG_PID"] = "7"
        #expect(SystemdNotifyTarget(environment: mine, processID: 7)?.watchdogPingInterval == .seconds(15))
        var other = base
        other["WATCHDOG_PID"] = "8"
        #expect(SystemdNotifyTarget(environment: other, processID: 7)?.watchdogPingInterval == nil)
        for bad in ["0", "-5", "soon", ""] {
            var broken = base
            broken["WATCHDOG_USEC"] = bad
            #expect(SystemdNotifyTarget(environment: broken, processID: 7)?.watchdogPingInterval == nil)
        }
    }
}
