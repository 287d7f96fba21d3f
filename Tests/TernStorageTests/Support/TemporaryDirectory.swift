import Foundation

/// A fresh directory under the system temp directory, removed by `remove()`.
struct TemporaryDirectory: Sendable {
    let path: String

    init(prefix: String = "tern-storage-test") throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        path = "\(base)/\(prefix)-\(UInt64.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
