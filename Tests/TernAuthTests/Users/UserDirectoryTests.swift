import Testing

@testable import TernAuth

@Suite struct UserDirectoryTests {
    static let hunter2 = "$scrypt$ln=4,r=8,p=1$ZayVco6RMiZESKnVOmcMgQ$unVdZol7gHpEEEm1KsEwB0pcS7Sh/w+gP0fk6v4ymME"

    static let sample = """
        domains = ["Example.TLD", "other.example"]
        subaddress_separator = "+"

        [users.alice]
        password = "\(hunter2)"
        aliases = ["postmaster@example.tld", "a.smith@other.example", "postmaster"]

        [users."bob@elsewhere.example"]
        password = "{ARGON2I}$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
        """

    @Test func resolvesLoginsAndRecipients() throws {
        let directory = try UserDirectory.parse(Self.sample)
        #expect(directory.users.map(\.login) == ["alice", "bob@elsewhere.example"])
        #expect(directory.domains == ["example.tld", "other.example"])
        #expect(directory.canonicalLogin(for: "ALICE") == "alice")
        #expect(directory.canonicalLogin(for: "alice@example.tld") == "alice")
        #expect(directory.canonicalLogin(for: "A.Smith@Other.Example") == "alice")
        #expect(directory.canonicalLogin(for: "carol") == nil)

        #expect(directory.login(forRecipient: "alice@EXAMPLE.tld") == "alice")
        #expect(directory.login(forRecipient: "Alice@other.example") == "alice")
        #expect(directory.login(forRecipient: "postmaster@example.tld") == "alice")
        #expect(directory.login(forRecipient: "postmaster") == "alice")
        #expect(directory.login(forRecipient: "alice+lists@example.tld") == "alice")
        #expect(directory.login(forRecipient: "a.smith+x+y@other.example") == "alice")
        #expect(directory.login(forRecipient: "+alice@example.tld") == nil)
        #expect(directory.login(forRecipient: "alice@unknown.example") == nil)
        #expect(directory.login(forRecipient: "bob@elsewhere.example") == "bob@elsewhere.example")
        #expect(directory.login(forRecipient: "bob@example.tld") == nil)
    }

    @Test func subaddressingIsOptional() throws {
        let directory = try UserDirectory.parse(
            """
            domains = ["example.tld"]
            [users.alice]
            password = "\(Self.hunter2)"
            """
        )
        #expect(directory.subaddressSeparator == nil)
        #expect(directory.login(forRecipient: "alice@example.tld") == "alice")
        #expect(directory.login(forRecipient: "alice+lists@example.tld") == nil)
    }

    @Test func unusableHashKeepsTheUserButNoHash() throws {
        let directory = try UserDirectory.parse(Self.sample)
        #expect(directory.passwordHash(forLogin: "alice") != nil)
        #expect(directory.user(named: "bob@elsewhere.example") != nil)
        #expect(directory.passwordHash(forLogin: "bob@elsewhere.example") == nil)
        #expect(directory.unusableHashes["bob@elsewhere.example"]?.code == .unsupportedScheme)
    }

    @Test(arguments: [
        ("domains = [\"a\"]\n[users.alice]\npasword = \"x\"\n", UserFileError.Code.syntax),
        ("[users.alice\npassword = \"x\"\n", .syntax),
        ("[users.alice]\npassword = 5\n", .syntax),
        ("[users.alice]\npassword = \"x\"\n[users.ALICE]\npassword = \"y\"\n", .invalid),
        (
            "[users.alice]\npassword = \"x\"\naliases = [\"p@d\"]\n[users.bob]\npassword = \"y\"\naliases = [\"P@D\"]\n",
            .invalid
        ),
        ("domains = [\"d\"]\n[users.alice]\npassword = \"x\"\n[users.\"alice@d\"]\npassword = \"y\"\n", .invalid),
        ("[users.alice]\npassword = \"x\"\naliases = [\"no-at-sign\"]\n", .invalid),
        ("[users.\"al ice\"]\npassword = \"x\"\n", .invalid),
        ("subaddress_separator = \"@\"\n", .invalid),
    ])
    func refusesBadFiles(text: String, code: UserFileError.Code) {
        #expect(throws: UserFileError.self) { try UserDirectory.parse(text) }
        do {
            _ = try UserDirectory.parse(text)
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test func refusesOversizedFile() {
        let text = "# " + String(repeating: "x", count: UserDirectory.maxFileBytes) + "\n"
        #expect(throws: UserFileError(.tooLarge, "user file is larger than \(UserDirectory.maxFileBytes) bytes")) {
            try UserDirectory.parse(text)
        }
    }

    @Test func rendersWhatItParses() throws {
        let directory = try UserDirectory.parse(Self.sample)
        let again = try UserDirectory.parse(directory.rendered())
        #expect(again.users == directory.users)
        #expect(again.domains == directory.domains)
        #expect(again.subaddressSeparator == directory.subaddressSeparator)
    }

    @Test func edits() throws {
        let directory = try UserDirectory.parse(Self.sample)
        let added = try directory.adding(UserRecord(login: "carol", passwordHash: Self.hunter2))
        #expect(added.login(forRecipient: "carol@example.tld") == "carol")
        #expect(throws: UserFileError.self) { try added.adding(UserRecord(login: "Carol", passwordHash: Self.hunter2)) }
        let removed = try added.removing(login: "ALICE")
        #expect(removed.user(named: "alice") == nil)
        #expect(removed.login(forRecipient: "postmaster") == nil)
        #expect(throws: UserFileError.self) { try removed.removing(login: "alice") }
        let changed = try added.settingPasswordHash("{SHA512-CRYPT}$6$abc", forLogin: "carol")
        #expect(changed.user(named: "carol")?.passwordHash == "{SHA512-CRYPT}$6$abc")
        #expect(changed.passwordHash(forLogin: "carol") == nil)
    }

    @Test func quotesTOMLStrings() {
        #expect(TOMLText.basicString("a\"b\\c\u{1}") == "\"a\\\"b\\\\c\\u0001\"")
    }
}
