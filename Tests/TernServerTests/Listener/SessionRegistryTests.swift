import Testing

@testable import TernServer

@Suite struct SessionRegistryTests {
    @Test func refusesPastTheLimitAndFreesSlots() {
        let registry = SessionRegistry(maxConnections: 2)
        #expect(registry.open())
        #expect(registry.open())
        #expect(!registry.open())
        registry.close()
        #expect(registry.openCount == 1)
        #expect(registry.open())
    }

    @Test func sessionIDsAreDistinctWithinAProcess() {
        let registry = SessionRegistry(maxConnections: 1)
        let ids = (0..<100).map { _ in registry.nextID() }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.hasPrefix(ids[0].split(separator: "-")[0] + "-") })
    }
}
