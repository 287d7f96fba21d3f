import TernStorage

/// The storage runtime the tests' stores share, so stores opened on one directory or bucket wake each
/// other as in a server. Never shut down: it lives as long as the test process. Tests about runtimes
/// themselves make their own.
let testStorageRuntime: StorageRuntime = {
    do { return try StorageRuntime() } catch { fatalError("default S3 pool settings refused: \(error)") }
}()
