import Crypto
import Foundation
import NIOSSL
import X509

/// One loaded certificate chain and key: the TLS server context and what to tell users about it.
public struct ServerTLS: Sendable {
    public let context: NIOSSLContext
    /// The same material in a system-OpenSSL context when `[tls] engine = "openssl"` (IMAP listeners only).
    let openSSLContext: OpenSSLServerContext?
    public let engine: TLSEngine
    /// SHA-256 of the leaf certificate's DER bytes, as colon-separated upper-case hex pairs
    /// (what browsers and `openssl x509 -fingerprint -sha256` show).
    public let fingerprint: String
    /// The leaf certificate's end of validity.
    public let notValidAfter: Date

    /// Loads the PEM chain and key; fails with a message naming the file that is wrong and why.
    public init(files: ServerConfiguration.TLSFiles, engine: TLSEngine = .nioSSL) throws {
        for (setting, path) in [("tls.certificate", files.certificatePath), ("tls.key", files.keyPath)]
        where !FileManager.default.isReadableFile(atPath: path) {
            throw TLSSetupError(.unreadableFile, "\(setting) \(path): missing or not readable by this process")
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificatePath)
        } catch {
            throw TLSSetupError(.invalidMaterial, "tls.certificate \(files.certificatePath): not a PEM certificate (\(error))")
        }
        guard let leaf = chain.first else {
            throw TLSSetupError(.invalidMaterial, "tls.certificate \(files.certificatePath): no certificate in the file")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.keyPath, format: .pem)
        } catch {
            throw TLSSetupError(.invalidMaterial, "tls.key \(files.keyPath): not a PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSSetupError(
                .invalidMaterial,
                "tls.key \(files.keyPath) does not belong to tls.certificate \(files.certificatePath) (\(error))")
        }
        self.engine = engine
        openSSLContext = engine == .openSSL ? try OpenSSLServerContext(files: files) : nil
        let der = try leaf.toDERBytes()
        fingerprint = Self.fingerprint(ofDER: der)
        notValidAfter = try Certificate(derEncoded: der).notValidAfter
    }

    static func fingerprint(ofDER der: [UInt8]) -> String {
        SHA256.hash(data: der).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
