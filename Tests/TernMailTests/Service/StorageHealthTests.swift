import TernMail
import TernStorage
import Testing

/// What `GET /healthz` asks of the mail service: does storage answer?
@Suite struct StorageHealthTests {
    @Test func storageThatAnswersIsHealthyAndOneThatFailsSaysWhy() async throws {
        let store = RequestLogStore(MemoryStore())
        let service = try makeService(store)
        #expect(await service.storageProblem() == nil)
        #expect(store.finished.map(\.label) == ["list rows"], "one listing, no user data")
        store.failing = "list rows"
        let problem = await service.storageProblem()
        #expect(problem?.hasPrefix("storage: ") == true && problem?.contains("injected failure") == true, "\(problem ?? "nil")")
    }
}
