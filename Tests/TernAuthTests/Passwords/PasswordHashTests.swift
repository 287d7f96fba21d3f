import Foundation
import TernAuth
import Testing

@Suite struct PasswordHashTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var password: String
        var stored: String
        var source: String
        var testDescription: String { "\(stored.prefix(24))… (\(source))" }
    }

    /// Hashes made by other implementations (passlib's pure-Python SHA-crypt and scrypt, APR's bcrypt in htpasswd,
    /// mkpasswd), committed in Fixtures/password-hashes.tsv.
    static let vectors: [Vector] = {
        guard
            let url = Bundle.module.url(forResource: "password-hashes", withExtension: "tsv", subdirectory: "Fixtures"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return fields.count == 3 ? Vector(password: fields[0], stored: fields[1], source: fields[2]) : nil
        }
    }()

    @Test func fixturesAreLoaded() {
        #expect(Self.vectors.count == 17)
    }

    @Test(arguments: vectors)
    func verifiesForeignHashes(vector: Vector) throws {
        let hash = try PasswordHash(parsing: vector.stored)
        #expect(hash.verify(Array(vector.password.utf8)))
        #expect(!hash.verify(Array((vector.password + "x").utf8)))
        #expect(!hash.verify(Array(vector.password.utf8.dropLast())))
        #expect(!hash.verify([]))
    }

    @Test func createdScryptRoundTrips() throws {
        var generator = SplitMix64(seed: 7)
        let parameters = ScryptHash.Parameters(logRounds: 4, blockSize: 8, parallelism: 1)
        let created = try ScryptHash.create(password: Array("hunter2".utf8), parameters: parameters, using: &generator)
        #expect(created.phcString.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        let parsed = try PasswordHash(parsing: created.phcString)
        #expect(parsed == .scrypt(created))
        #expect(parsed.verify(Array("hunter2".utf8)))
        #expect(!parsed.verify(Array("hunter3".utf8)))
        // The salt is fresh each time.
        let again = try ScryptHash.create(password: Array("hunter2".utf8), parameters: parameters, using: &generator)
        #expect(again.salt != created.salt)
    }

    /// The same derivation as a known passlib hash: recompute its value from salt and parameters.
    @Test func scryptMatchesPasslibByteForByte() throws {
        let stored = "$scrypt$ln=4,r=8,p=1$ZayVco6RMiZESKnVOmcMgQ$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME"
        let parsed = try #require(try ScryptHash.parse(stored))
        #expect(parsed.phcString == stored)
        #expect(parsed.salt.count == 16)
        #expect(parsed.hash.count == 32)
    }

    @Test func argon2OtherVariantsAreRefusedAsUnsupported() {
        for stored in [
            "$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "{ARGON2I}$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2d$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=16$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        ] {
            #expect(throws: PasswordHashError.self) { try PasswordHash(parsing: stored) }
            do {
                _ = try PasswordHash(parsing: stored)
            } catch {
                #expect(error.code == .unsupportedScheme)
            }
        }
    }

    @Test(arguments: [
        "plaintext", "{PLAIN}hunter2", "{MD5-CRYPT}$1$abc$def", "$1$abcdefgh$0123456789012345678901",
        "{SHA512-CRYPT}$2y$05$abc", "{SSHA}abc", "", "{SHA512-CRYPT",
    ])
    func unknownOrMismatchedSchemesAreRefused(stored: String) {
        do {
            _ = try PasswordHash(parsing: stored)
            Issue.record("accepted \(stored)")
        } catch {
            #expect(error.code == .unknownScheme)
        }
    }

    @Test(arguments: [
        "$scrypt$ln=4,r=8,p=1$ZayVco6RMiZESKnVOmcMgQ",
        "$scrypt$ln=21,r=8,p=1$ZayVco6RMiZESKnVOmcMgQ$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME",
        "$scrypt$ln=17,r=32,p=16$ZayVco6RMiZESKnVOmcMgQ$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME",
        "$scrypt$r=8,ln=4,p=1$ZayVco6RMiZESKnVOmcMgQ$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME",
        "$scrypt$ln=4,r=8,p=1$Zay$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME",
        "$scrypt$ln=4,r=8,p=1$ZayVco6RMiZESKnVOmcMgQ==$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME",
        "$scrypt$ln=x,r=8,p=1$ZayVco6RMiZESKnVOmcMgQ$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME",
        "{SHA512-CRYPT}$6$",
        "$2y$99$pJNFBPmDsN8ABraq3/lNu.8qcHkxbG/oDgOtm1DHvdnEG8CmD7q9u",
    ])
    func malformedHashesAreRefused(stored: String) {
        do {
            _ = try PasswordHash(parsing: stored)
            Issue.record("accepted \(stored)")
        } catch {
            #expect(error.code == .malformed)
        }
    }

    /// C strings end at NUL: a password with NUL must never match a crypt hash by its prefix.
    @Test func passwordWithNulNeverMatchesCryptHash() throws {
        let hash = try PasswordHash(parsing: "$2b$05$fue5DUFVuA6YesNurE2yDufmIQufQdwAP4qDzQNFlZXFjcNab/j.6")
        #expect(hash.verify(Array("hunter2".utf8)))
        #expect(!hash.verify(Array("hunter2".utf8) + [0, 65]))
    }

    @Test func unknownUserCheckNeverSucceeds() throws {
        var generator = SplitMix64(seed: 1)
        let check = try UnknownUserPasswordCheck(
            parameters: .init(logRounds: 4, blockSize: 8, parallelism: 1),
            using: &generator
        )
        #expect(!check.verify(Array("hunter2".utf8)))
        #expect(!check.verify([]))
    }

    @Test func verifierUsesTheDecoyForUnknownUsers() throws {
        var generator = SplitMix64(seed: 2)
        let parameters = ScryptHash.Parameters(logRounds: 4, blockSize: 8, parallelism: 1)
        let verifier = PasswordVerifier(
            unknownUser: try UnknownUserPasswordCheck(parameters: parameters, using: &generator)
        )
        let alice = PasswordHash.scrypt(
            try ScryptHash.create(password: Array("hunter2".utf8), parameters: parameters, using: &generator)
        )
        #expect(verifier.verify(Array("hunter2".utf8), against: alice))
        #expect(!verifier.verify(Array("wrong".utf8), against: alice))
        #expect(!verifier.verify(Array("hunter2".utf8), against: nil))
    }

    @Test(arguments: [
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",  // hash too short
        "$argon2id$v=19$m=1048576,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",  // 1 GiB
        "$argon2id$v=19$m=64,t=3,p=16$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",  // fewer than 8 blocks per lane
        "$argon2id$v=19$t=3,m=64,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",  // parameters out of order
        "{ARGON2ID}$scrypt$ln=4,r=8,p=1$ZayVco6RMiZESKnVOmcMgQ$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME",
    ])
    func malformedArgon2idIsRefused(stored: String) {
        #expect(throws: PasswordHashError.self) { try PasswordHash(parsing: stored) }
    }
}
