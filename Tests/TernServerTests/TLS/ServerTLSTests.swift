import Foundation
import Testing

@testable import TernServer

@Suite struct ServerTLSTests {
    @Test func devCertificateLoadsAndKeepsItsFingerprint() throws {
        let directory = NSTemporaryDirectory() + "/tern-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try SelfSignedCertificate.ensure(in: directory)
        let tls = try ServerTLS(files: files)
        #expect(tls.fingerprint.split(separator: ":").count == 32)
        #expect(tls.fingerprint.allSatisfy { $0 == ":" || $0.isHexDigit && !$0.isLowercase })
        // A second call keeps the files (same fingerprint); the key is private to the owner.
        let again = try ServerTLS(files: try SelfSignedCertificate.ensure(in: directory))
        #expect(again.fingerprint == tls.fingerprint)
        let mode = try FileManager.default.attributesOfItem(atPath: files.keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func unreadableMaterialNamesTheFile() throws {
        let files = ServerConfiguration.TLSFiles(certificatePath: "/nonexistent/cert.pem", keyPath: "/nonexistent/key.pem")
        do {
            _ = try ServerTLS(files: files)
            Issue.record("loaded a missing certificate")
        } catch let error as TLSSetupError {
            #expect(error.message.contains("/nonexistent/cert.pem"))
        }
    }

    /// The OpenSSL engine loads the same files, and refuses a key that is not the certificate's with the files named
    /// (NIOSSL refuses it first; the OpenSSL context is checked directly here).
    @Test func openSSLContextLoadsTheSameFilesAndRefusesAForeignKey() throws {
        let directory = NSTemporaryDirectory() + "/tern-tls-\(UUID().uuidString)"
        let other = directory + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try SelfSignedCertificate.ensure(in: directory)
        let tls = try ServerTLS(files: files, engine: .openSSL)
        #expect(tls.openSSLContext != nil)
        #expect(try ServerTLS(files: files).openSSLContext == nil)
        let foreignKey = try SelfSignedCertificate.ensure(in: other).keyPath
        let mismatched = ServerConfiguration.TLSFiles(certificatePath: files.certificatePath, keyPath: foreignKey)
        do {
            _ = try OpenSSLServerContext(files: mismatched)
            Issue.record("OpenSSL accepted a key that is not the certificate's")
        } catch let error as TLSSetupError {
            #expect(error.message.contains(foreignKey) && error.message.contains(files.certificatePath), "\(error)")
        }
    }

    @Test func fingerprintFormat() {
        #expect(ServerTLS.fingerprint(ofDER: []).hasPrefix("E3:B0:C4:42"))
    }

    @Test func deploymentSecretRoundTrip() throws {
        let path = NSTemporaryDirectory() + "/tern-secret-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let created = try DeploymentSecret.ensure(file: path)
        #expect(created.count == 32)
        #expect(try DeploymentSecret.load(file: path) == created)
        try "abcd\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try DeploymentSecret.load(file: path) }
        #expect(DeploymentSecret.decodeHex("0aFf") == [0x0a, 0xff])
        #expect(DeploymentSecret.decodeHex("0g") == nil)
    }
}
