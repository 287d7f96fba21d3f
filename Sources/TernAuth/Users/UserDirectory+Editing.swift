/// The edits `tern user` makes. Each returns a new, re-validated directory.
extension UserDirectory {
    public func adding(_ user: UserRecord) throws(UserFileError) -> UserDirectory {
        guard self.user(named: user.login) == nil else {
            throw UserFileError(.userExists, "user '\(user.login)' already exists")
        }
        return try UserDirectory(
            domains: domains,
            subaddressSeparator: subaddressSeparator,
            users: users + [user],
            reusingHashesOf: self
        )
    }

    public func removing(login: String) throws(UserFileError) -> UserDirectory {
        guard let existing = user(named: login) else { throw UserFileError(.noSuchUser, "no user '\(login)'") }
        return try UserDirectory(
            domains: domains,
            subaddressSeparator: subaddressSeparator,
            users: users.filter { $0.login != existing.login },
            reusingHashesOf: self
        )
    }

    public func settingPasswordHash(_ hash: String, forLogin login: String) throws(UserFileError) -> UserDirectory {
        guard let existing = user(named: login) else { throw UserFileError(.noSuchUser, "no user '\(login)'") }
        let updated = users.map { user in
            var user = user
            if user.login == existing.login { user.passwordHash = hash }
            return user
        }
        return try UserDirectory(
            domains: domains,
            subaddressSeparator: subaddressSeparator,
            users: updated,
            reusingHashesOf: self
        )
    }
}
