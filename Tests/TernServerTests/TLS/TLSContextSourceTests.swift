import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import TernServer

/// The reloadable TLS context on real files: a good new pair is swapped in; a broken one (garbage, a key of
/// another certificate, a missing file) keeps the old context and logs the file and the reason.
@Suite struct TLSContextSourceTests {
    struct Fixture {
        let directory: String
        let files: ServerConfiguration.TLSFiles
        let log = NIOLockedValueBox("")
        let source: TLSContextSource

        init() throws {
            directory = NSTemporaryDirectory() + "/tern-tls-reload-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            files = try SelfSignedCertificate.ensure(in: directory)
            let log = self.log
            source = try TLSContextSource(
                files: files, logger: Logger(label: "tls") { TextLogHandler(label: $0, text: log) })
        }

        /// Writes a fresh self-signed pair over the configured files; its fingerprint.
        func replaceWithNewPair(keepKey: Bool = false) throws {
            let (certificate, key) = try SelfSignedCertificate.generate(hostname: "localhost", now: Date())
            try certificate.write(toFile: files.certificatePath, atomically: true, encoding: .utf8)
            if !keepKey { try key.write(toFile: files.keyPath, atomically: true, encoding: .utf8) }
        }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    @Test func reloadSwapsInANewCertificateAndLogsItsFingerprint() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let before = fixture.source.current
        try fixture.replaceWithNewPair()
        #expect(fixture.source.reload())
        let after = fixture.source.current
        #expect(after.fingerprint != before.fingerprint)
        #expect(after.fingerprint == (try ServerTLS(files: fixture.files)).fingerprint)
        #expect(fixture.source.context !== before.context)
        #expect(after.notValidAfter > Date())
        let log = fixture.log.withLockedValue { $0 }
        #expect(log.contains("fingerprint=\(after.fingerprint)") && log.contains("previous_fingerprint=\(before.fingerprint)"))
    }

    @Test func garbageKeepsTheOldContext() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let before = fixture.source.current
        try "not a certificate\n".write(toFile: fixture.files.certificatePath, atomically: true, encoding: .utf8)
        #expect(!fixture.source.reload())
        #expect(fixture.source.current.fingerprint == before.fingerprint)
        #expect(fixture.source.context === before.context)
        let log = fixture.log.withLockedValue { $0 }
        #expect(log.contains("TLS certificate not reloaded") && log.contains(fixture.files.certificatePath), "\(log)")
    }

    @Test func keyOfAnotherCertificateKeepsTheOldContext() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let before = fixture.source.current
        try fixture.replaceWithNewPair(keepKey: true)
        #expect(!fixture.source.reload())
        #expect(fixture.source.context === before.context)
        let log = fixture.log.withLockedValue { $0 }
        #expect(log.contains("does not belong to tls.certificate"), "\(log)")
    }

    @Test func missingKeyKeepsTheOldContext() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let before = fixture.source.current
        try FileManager.default.removeItem(atPath: fixture.files.keyPath)
        #expect(!fixture.source.reload())
        #expect(fixture.source.current.fingerprint == before.fingerprint)
        let log = fixture.log.withLockedValue { $0 }
        #expect(log.contains("\(fixture.files.keyPath): missing or not readable"), "\(log)")
        // Repaired: the next reload takes it.
        try fixture.replaceWithNewPair()
        #expect(fixture.source.reload())
        #expect(fixture.source.current.fingerprint != before.fingerprint)
    }
}
