import TernAuth
import TernMail

/// What `tern user` does, kept apart from argument parsing: every change touches the user file (password hash,
/// addresses) and storage (the user's keys) together, and undoes the first half when the second fails.
/// The user file is locked for the whole change (`UserFileWriter`), so two admins cannot interleave.
struct UserAdministration {
    let userFile: String
    let mail: MailService
    /// Parameters of the hashes written to the user file.
    var hashParameters: ScryptHash.Parameters = .standard

    struct Listing: Equatable {
        var login: String
        var addresses: [String]
        /// Keys exist in storage (false: mail to this user is refused until `tern user passwd --reset`).
        var hasKeys: Bool
        /// The stored hash can be used to log in.
        var canLogIn: Bool
    }

    /// Creates the user's keys in storage, then their entry in the user file.
    func add(login: String, password: String, aliases: [String]) async throws {
        var createdKeys = false
        do {
            try await UserFileWriter.update(path: userFile) { directory in
                guard directory.user(named: login) == nil else {
                    throw UserFileError(.userExists, "user '\(login)' is already in \(userFile)")
                }
                let record = UserRecord(login: login, passwordHash: try hash(password), aliases: aliases)
                let updated = try directory.adding(record)  // validates names and addresses before storage is touched
                try await mail.createUser(login: login, password: password)
                createdKeys = true
                return (updated, ())
            }
        } catch {
            // The file could not be written: keys without a file entry would only block a later `add`.
            if createdKeys { try? await mail.deleteUser(login: login) }
            throw error
        }
    }

    /// Rewraps the user's keys with the new password (mail stays readable), then updates the hash.
    func changePassword(login: String, currentPassword: String, newPassword: String) async throws {
        var rewrapped: String?
        do {
            try await UserFileWriter.update(path: userFile) { directory in
                guard let user = directory.user(named: login) else {
                    throw UserFileError(.noSuchUser, "no user '\(login)'")
                }
                let updated = try directory.settingPasswordHash(try hash(newPassword), forLogin: user.login)
                try await mail.changePassword(login: user.login, oldPassword: currentPassword, newPassword: newPassword)
                rewrapped = user.login
                return (updated, ())
            }
        } catch {
            // The file still holds the old hash: put the keys back under the old password so both agree.
            if let rewrapped {
                try? await mail.changePassword(login: rewrapped, oldPassword: newPassword, newPassword: currentPassword)
            }
            throw error
        }
    }

    /// Without the current password the keys cannot be unwrapped: the user's mail is deleted and fresh keys made.
    func resetPassword(login: String, newPassword: String) async throws {
        try await UserFileWriter.update(path: userFile) { directory in
            guard let user = directory.user(named: login) else {
                throw UserFileError(.noSuchUser, "no user '\(login)'")
            }
            let updated = try directory.settingPasswordHash(try hash(newPassword), forLogin: user.login)
            if try await mail.userExists(login: user.login) {
                try await mail.resetPassword(login: user.login, newPassword: newPassword)
            } else {
                try await mail.createUser(login: user.login, password: newPassword)
            }
            return (updated, ())
        }
    }

    /// Deletes the user's keys and all their mail, then their entry in the user file.
    func delete(login: String) async throws {
        try await UserFileWriter.update(path: userFile) { directory in
            guard let user = directory.user(named: login) else {
                throw UserFileError(.noSuchUser, "no user '\(login)'")
            }
            let updated = try directory.removing(login: user.login)
            do {
                try await mail.deleteUser(login: user.login)
            } catch let error as MailError where error.code == .noSuchUser {
                // Only in the file (keys never created): removing the entry is all there is to do.
            }
            return (updated, ())
        }
    }

    func list() async throws -> [Listing] {
        let directory = try UserDirectory.parse(try StaticUserFile.read(userFile))
        var listings: [Listing] = []
        for user in directory.users {
            let own = user.login.contains("@") ? [user.login] : directory.domains.map { "\(user.login)@\($0)" }
            listings.append(
                Listing(
                    login: user.login,
                    addresses: own + user.aliases,
                    hasKeys: try await mail.userExists(login: user.login),
                    canLogIn: directory.passwordHash(forLogin: user.login) != nil
                )
            )
        }
        return listings
    }

    private func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        return try ScryptHash.create(password: Array(password.utf8), parameters: hashParameters, using: &generator)
            .phcString
    }
}
