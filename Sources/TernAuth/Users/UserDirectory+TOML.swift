import TOMLKit

/// The user file format:
///
/// ```toml
/// domains = ["example.tld"]          # a login without @ receives mail at login@<each domain>
/// subaddress_separator = "+"         # optional: alice+lists@example.tld delivers to alice
///
/// [users.alice]
/// password = "$scrypt$ln=15,r=8,p=1$...$..."
/// aliases = ["postmaster@example.tld"]   # optional
/// ```
extension UserDirectory {
    private struct FileContents: Decodable {
        var domains: [String]?
        var subaddress_separator: String?
        var users: [String: UserEntry]?
    }

    private struct UserEntry: Decodable {
        var password: String
        var aliases: [String]?
    }

    /// Parses the text of a user file. Unknown keys are errors, so a misspelt `pasword` is not silently ignored.
    public static func parse(
        _ text: String,
        reusingHashesOf previous: UserDirectory? = nil
    ) throws(UserFileError)
        -> UserDirectory
    {
        guard text.utf8.count <= maxFileBytes else {
            throw UserFileError(.tooLarge, "user file is larger than \(maxFileBytes) bytes")
        }
        let contents: FileContents
        do {
            contents = try TOMLDecoder(strictDecoding: true).decode(FileContents.self, from: text)
        } catch let error as TOMLParseError {
            throw UserFileError(.syntax, "\(error.description) at \(error.source.begin.debugDescription)")
        } catch let error as UnexpectedKeysError {
            throw UserFileError(.syntax, "unknown keys: \(error.keys.keys.sorted().joined(separator: ", "))")
        } catch {
            throw UserFileError(.syntax, "not a Tern user file: \(error)")
        }
        var separator: Character?
        if let text = contents.subaddress_separator, !text.isEmpty {
            guard text.count == 1, let character = text.first, character != "@", !character.isWhitespace else {
                throw UserFileError(.invalid, "subaddress_separator must be one character other than @")
            }
            separator = character
        }
        let users = (contents.users ?? [:]).map { login, entry in
            UserRecord(login: login, passwordHash: entry.password, aliases: entry.aliases ?? [])
        }
        return try UserDirectory(
            domains: contents.domains ?? [],
            subaddressSeparator: separator,
            users: users,
            reusingHashesOf: previous
        )
    }

    /// The file text for this directory. `tern user` rewrites the whole file, so comments are not kept.
    public func rendered() -> String {
        var out = "# Tern users. `tern user add/passwd/delete` rewrite this file (comments are not kept).\n"
        out += "domains = [\(domains.map(TOMLText.basicString).joined(separator: ", "))]\n"
        if let subaddressSeparator {
            out += "subaddress_separator = \(TOMLText.basicString(String(subaddressSeparator)))\n"
        }
        for user in users {
            out += "\n[users.\(TOMLText.basicString(user.login))]\n"
            out += "password = \(TOMLText.basicString(user.passwordHash))\n"
            if !user.aliases.isEmpty {
                out += "aliases = [\(user.aliases.map(TOMLText.basicString).joined(separator: ", "))]\n"
            }
        }
        return out
    }
}
