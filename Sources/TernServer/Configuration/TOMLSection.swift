import TOMLKit

/// Reads one TOML table with typed getters that name the full key in their errors, and remembers
/// which keys were read so that a misspelt key is reported instead of silently ignored.
struct TOMLSection {
    let table: TOMLTable
    /// Dotted name of this table ("" for the root).
    let path: String
    private var read: Set<String> = []

    init(_ table: TOMLTable, path: String = "") {
        self.table = table
        self.path = path
    }

    func fullKey(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func value(_ key: String) -> TOMLValueConvertible? {
        read.insert(key)
        return table[key]
    }

    mutating func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.string else { throw wrongType(key, "a string", value) }
        return string
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let int = value.int else { throw wrongType(key, "an integer", value) }
        guard range.contains(int) else {
            throw ConfigurationError(
                .invalidValue, key: fullKey(key), "must be between \(range.lowerBound) and \(range.upperBound), got \(int)")
        }
        return int
    }

    mutating func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.bool else { throw wrongType(key, "true or false", value) }
        return bool
    }

    /// A string or an array of strings (so `imap = "[::]:143"` and `imap = ["[::]:143"]` both work).
    mutating func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = value(key) else { return nil }
        if let string = value.string { return [string] }
        guard let array = value.array else { throw wrongType(key, "a string or an array of strings", value) }
        var strings: [String] = []
        for element in array {
            guard let string = element.string else { throw wrongType(key, "an array of strings", value) }
            strings.append(string)
        }
        return strings
    }

    mutating func section(_ key: String) throws(ConfigurationError) -> TOMLSection? {
        guard let value = value(key) else { return nil }
        guard let table = value.table else { throw wrongType(key, "a table ([\(fullKey(key))])", value) }
        return TOMLSection(table, path: fullKey(key))
    }

    /// Fails on the first key (sorted) that no getter asked for.
    func rejectUnknownKeys() throws(ConfigurationError) {
        if let unknown = table.keys.sorted().first(where: { !read.contains($0) }) {
            throw ConfigurationError(.unknownKey, key: fullKey(unknown), "unknown key (see docs/admin.md for the reference)")
        }
    }

    private func wrongType(_ key: String, _ expected: String, _ value: TOMLValueConvertible) -> ConfigurationError {
        ConfigurationError(.wrongType, key: fullKey(key), "must be \(expected), got a \(value.type)")
    }
}
