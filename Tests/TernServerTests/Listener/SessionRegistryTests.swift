import Testing

@testable import TernServer

@Suite struct SessionRegistryTests {
    @Test func refusesPastTheLimitAndFreesSlots() {
        let registry = SessionRegistry(maxConnections: 2)
        #expect(registry.open(address: "192.0.2.1") == nil)
        #expect(registry.open(address: "192.0.2.2") == nil)
        #expect(registry.open(address: "192.0.2.3") == .processFull)
        registry.close(address: "192.0.2.1")
        #expect(registry.openCount == 1)
        #expect(registry.open(address: "192.0.2.3") == nil)
    }

    @Test func sessionIDsAreDistinctWithinAProcess() {
        let registry = SessionRegistry(maxConnections: 1)
        let ids = (0..<100).map { _ in registry.nextID() }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.hasPrefix(ids[0].split(separator: "-")[0] + "-") })
    }
}

@Suite struct ConnectionCapsTests {
    static let limits = ConnectionCaps.Limits(maxConnections: 10, maxPerAddress: 3, maxPerUserAddress: 2)

    @Test func perAddressCapLeavesOtherAddressesAlone() {
        var caps = ConnectionCaps(limits: Self.limits)
        var results: [ConnectionCaps.Refusal?] = []
        for _ in 0..<4 { results.append(caps.openConnection(address: "192.0.2.1")) }
        results.append(caps.openConnection(address: "192.0.2.2"))
        caps.closeConnection(address: "192.0.2.1")
        results.append(caps.openConnection(address: "192.0.2.1"))
        #expect(results == [nil, nil, nil, .addressFull, nil, nil])
    }

    @Test func perUserAddressCapCountsLoginsCaseInsensitively() {
        var caps = ConnectionCaps(limits: Self.limits)
        var results: [Bool] = []
        results.append(caps.admitUser("alice", address: "192.0.2.1"))
        results.append(caps.admitUser("Alice", address: "192.0.2.1"))
        results.append(caps.admitUser("alice", address: "192.0.2.1"))
        results.append(caps.admitUser("alice", address: "192.0.2.2"))
        results.append(caps.admitUser("bob", address: "192.0.2.1"))
        caps.releaseUser("alice", address: "192.0.2.1")
        results.append(caps.admitUser("alice", address: "192.0.2.1"))
        #expect(results == [true, true, false, true, true, true])
    }

    /// Entries live only while connections are open: the tables return to empty.
    @Test func tablesEmptyOnceEveryConnectionClosed() {
        var caps = ConnectionCaps(limits: Self.limits)
        for index in 0..<10 { _ = caps.openConnection(address: "10.0.0.\(index)") }
        _ = caps.admitUser("alice", address: "10.0.0.1")
        for index in 0..<10 { caps.closeConnection(address: "10.0.0.\(index)") }
        caps.releaseUser("alice", address: "10.0.0.1")
        #expect(caps.open == 0 && caps.byAddress.isEmpty && caps.byUserAddress.isEmpty)
    }
}

@Suite struct LoginPhaseTests {
    @Test func deadlineClosesOnlyBeforeALogin() {
        var phase = LoginPhase()
        let admitted = phase.loggedIn(user: "alice") { _ in true }
        let closes = phase.deadlinePassed()
        #expect(admitted && !closes && phase.countedUser == "alice")
    }

    @Test func loginAfterTheDeadlineIsRefused() {
        var phase = LoginPhase()
        let closes = phase.deadlinePassed()
        var asked = false
        let admitted = phase.loggedIn(user: "alice") { _ in
            asked = true
            return true
        }
        #expect(closes && !admitted && !asked && phase.countedUser == nil)
    }

    @Test func capRefusalCountsNobodyAndTheDeadlineStillApplies() {
        var phase = LoginPhase()
        let admitted = phase.loggedIn(user: "alice") { _ in false }
        let closes = phase.deadlinePassed()
        #expect(!admitted && closes && phase.countedUser == nil)
    }
}
