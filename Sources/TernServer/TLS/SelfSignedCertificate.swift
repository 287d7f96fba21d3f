import Crypto
import Foundation
import X509

/// The development certificate: a P-256 key and a self-signed certificate for `localhost`, written
/// once into the data directory and reused, so a client that trusted it once keeps trusting it.
public enum SelfSignedCertificate {
    /// Creates `cert.pem` and `key.pem` under `directory` unless both exist; returns their paths.
    public static func ensure(in directory: String, hostname: String = "localhost", now: Date = Date())
        throws -> ServerConfiguration.TLSFiles
    {
        let files = ServerConfiguration.TLSFiles(
            certificatePath: directory + "/tls-cert.pem", keyPath: directory + "/tls-key.pem")
        let manager = FileManager.default
        if manager.fileExists(atPath: files.certificatePath) && manager.fileExists(atPath: files.keyPath) {
            return files
        }
        let (certificatePEM, keyPEM) = try generate(hostname: hostname, now: now)
        // The key first, private from the start (0600), then the certificate that names it.
        guard manager.createFile(atPath: files.keyPath, contents: Data(keyPEM.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw TLSSetupError(.unreadableFile, "cannot write \(files.keyPath)")
        }
        guard manager.createFile(atPath: files.certificatePath, contents: Data(certificatePEM.utf8)) else {
            throw TLSSetupError(.unreadableFile, "cannot write \(files.certificatePath)")
        }
        return files
    }

    /// A fresh key and certificate as PEM text (valid from an hour ago for ten years) naming
    /// `hostname`, 127.0.0.1 and ::1.
    static func generate(hostname: String, now: Date) throws -> (certificate: String, key: String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName(hostname)
            OrganizationName("Tern development server")
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                // Loopback addresses too, so clients configured with 127.0.0.1 or ::1 can verify it.
                SubjectAlternativeNames([
                    .dnsName(hostname), .ipAddress(.init(contentBytes: [127, 0, 0, 1])),
                    .ipAddress(.init(contentBytes: ArraySlice(repeating: 0, count: 15) + [1])),
                ])
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }
}
