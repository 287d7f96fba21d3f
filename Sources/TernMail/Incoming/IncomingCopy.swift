import TernCrypto

/// One recipient's copy of a message being delivered: where its parts go, whom they are sealed to, and how
/// far it got (so a failed copy can delete exactly what it wrote).
struct IncomingCopy: Sendable {
    let login: String
    let layout: StorageLayout
    let id: String
    let recipient: RecipientPublicKey
    /// Sealed bytes the user occupied before this delivery.
    let used: UInt64
    /// How many targets before this one in the same delivery are the same user (an alias listed beside the
    /// login): each copy keeps its own retry marker, so every copy is stored.
    let occurrence: Int
    /// Parts whose write was started; a failed write may have left its part behind, so cleanup covers it too.
    var partsStarted = 0
    var sealedBytes = 0

    func partKeys(_ body: (String) async throws -> Void) async rethrows {
        for index in 0..<partsStarted { try await body(layout.incomingPartKey(id, part: index)) }
    }
}

/// Runs `work` for each index, at most `limit` at a time (a task group refilled as tasks finish), and returns
/// every outcome by index. Used so that a delivery to many recipients holds at most `limit` sealed parts.
func boundedMap<T: Sendable>(
    _ indices: [Int],
    limit: Int,
    _ work: @escaping @Sendable (Int) async throws -> T
) async -> [Int: Result<T, any Error>] {
    var results: [Int: Result<T, any Error>] = [:]
    await withTaskGroup(of: (Int, Result<T, any Error>).self) { group in
        var pending = indices[...]
        func start() {
            guard let index = pending.popFirst() else { return }
            group.addTask {
                do { return (index, .success(try await work(index))) } catch { return (index, .failure(error)) }
            }
        }
        for _ in 0..<max(1, limit) { start() }
        while let (index, result) = await group.next() {
            results[index] = result
            start()
        }
    }
    return results
}
