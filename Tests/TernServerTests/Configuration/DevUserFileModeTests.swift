import Foundation
import Testing

@testable import TernServer

/// Issue #17 point 7: the dev user file holds password hashes; it is written 0600, and an older 0644 one is
/// tightened.
@Suite struct DevUserFileModeTests {
    static func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func userFileIsPrivate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-devusers-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/users.toml"
        try DevUsers(bulkCount: 1, bulkPassword: "pw").ensureUserFile(at: path)
        #expect(try Self.mode(path) == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try DevUsers(bulkCount: 1, bulkPassword: "pw").ensureUserFile(at: path)
        #expect(try Self.mode(path) == 0o600)
    }
}
