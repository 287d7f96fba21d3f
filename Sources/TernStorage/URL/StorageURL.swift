/// Which backend to open, parsed from a URL:
/// - `memory:` — in-process, lost on exit (tests);
/// - `file:///absolute/path` — the embedded durable store in that directory;
/// - `s3://bucket[/key/prefix]?endpoint=http://host:port&region=us-east-1&style=path|virtual&conditional=auto|off`.
///
/// Credentials are never part of the URL (they come from the environment or the configuration file).
public enum StorageURL: Hashable, Sendable, CustomStringConvertible {
    case memory
    case file(path: String)
    case s3(S3Location)

    /// Parses `text`; throws `StorageError.Code.invalidConfiguration` with the reason.
    public init(parsing text: String) throws {
        if text == "memory:" || text == "memory://" {
            self = .memory
        } else if text.hasPrefix("file://") {
            self = .file(path: try Self.parseFilePath(String(text.dropFirst("file://".count))))
        } else if text.hasPrefix("s3://") {
            self = .s3(try S3Location(parsingAfterScheme: String(text.dropFirst("s3://".count))))
        } else {
            throw StorageError(
                .invalidConfiguration,
                "storage URL must start with memory:, file:// or s3://: \(text.debugDescription)"
            )
        }
    }

    public var description: String {
        switch self {
        case .memory: return "memory:"
        case .file(let path): return "file://" + URLComponentCoding.encodePath(path)
        case .s3(let location): return location.description
        }
    }

    private static func parseFilePath(_ rest: String) throws -> String {
        // file:///path (empty host) or file://localhost/path; no query or fragment.
        var rest = Substring(rest)
        if rest.hasPrefix("localhost/") { rest = rest.dropFirst("localhost".count) }
        guard rest.hasPrefix("/") else {
            throw StorageError(
                .invalidConfiguration,
                "file URL needs an absolute path (file:///path), got file://\(rest)"
            )
        }
        guard !rest.contains("?"), !rest.contains("#") else {
            throw StorageError(.invalidConfiguration, "file URL takes no query or fragment: file://\(rest)")
        }
        let path = try URLComponentCoding.percentDecode(rest)
        guard !path.utf8.contains(0) else {
            throw StorageError(.invalidConfiguration, "file URL path contains NUL")
        }
        let components = path.split(separator: "/")
        guard !components.contains("..") else {
            throw StorageError(.invalidConfiguration, "file URL path must not contain '..': \(path)")
        }
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
