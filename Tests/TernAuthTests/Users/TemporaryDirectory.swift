import Foundation

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tern-auth-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes through a temporary file and a rename, as editors and `tern user` do.
    func replace(_ name: String, with text: String) throws {
        try text.write(toFile: file(name) + ".tmp", atomically: false, encoding: .utf8)
        guard rename(file(name) + ".tmp", file(name)) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
