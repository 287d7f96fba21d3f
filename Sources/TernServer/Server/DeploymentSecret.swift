import Foundation

/// The deployment secret: keys the hash from logins to storage user ids, so it must be the same
/// for every process on one storage. Stored as hex text (whitespace ignored), at least 16 bytes.
public enum DeploymentSecret {
    public static let minimumBytes = 16
    /// Largest file read: a secret is 16-64 bytes; anything much bigger is the wrong file.
    static let maximumFileBytes = 4096

    public static func load(file: String) throws(ConfigurationError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError(.unreadableFile, key: "deployment_secret_file", "cannot read \(file)")
        }
        guard data.count <= maximumFileBytes, let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(.invalidValue, key: "deployment_secret_file", "\(file) is not a hex secret")
        }
        let digits = text.filter { !$0.isWhitespace }
        guard let bytes = decodeHex(digits), bytes.count >= minimumBytes else {
            throw ConfigurationError(
                .invalidValue, key: "deployment_secret_file",
                "\(file) must hold at least \(minimumBytes * 2) hex digits (e.g. from `openssl rand -hex 32`)")
        }
        return bytes
    }

    /// Writes a new random 32-byte secret (mode 0600) unless the file exists; returns its bytes.
    public static func ensure(file: String) throws -> [UInt8] {
        if !FileManager.default.fileExists(atPath: file) {
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "\n"
            guard FileManager.default.createFile(
                atPath: file, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw ConfigurationError(.unreadableFile, key: "deployment_secret_file", "cannot write \(file)")
            }
        }
        return try load(file: file)
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
