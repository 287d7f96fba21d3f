import TOMLKit
import TernStorage

/// `writer_slot`: "auto" (the default: claim a free slot through storage at start) or a number 0...63 (still
/// checked against live holders). docs/admin.md, "Several frontends on one storage".
public enum WriterSlotSetting: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case auto
    case fixed(UInt8)

    public init(integerLiteral value: UInt8) { self = .fixed(value) }

    /// The TOML value: "auto" or the number.
    public var description: String {
        switch self {
        case .auto: return "\"auto\""
        case .fixed(let slot): return "\(slot)"
        }
    }

    public var isValid: Bool {
        switch self {
        case .auto: return true
        case .fixed(let slot): return slot < 64
        }
    }
}

extension ServerConfiguration {
    /// Default `[storage] visibility_delay_ms`: a file store (one host, SQLite) or memory shows a write at once;
    /// S3 as AWS runs it has read-after-write listings, but S3-compatible services behind replication (Ceph
    /// multisite, Garage) may lag, so a second of margin by default.
    public static func defaultVisibilityDelayMillis(for storage: StorageURL) -> Int {
        switch storage {
        case .s3: return 1000
        default: return 0
        }
    }

    /// `[storage] visibility_delay_ms`, resolved.
    public var effectiveVisibilityDelayMillis: Int {
        visibilityDelayMillis ?? Self.defaultVisibilityDelayMillis(for: storage)
    }
}

extension ServerConfiguration {
    /// `writer_slot`: absent or "auto" -> `.auto`; an integer 0...63 -> `.fixed`.
    static func parseWriterSlot(_ root: inout TOMLSection) throws(ConfigurationError) -> WriterSlotSetting {
        guard let value = root.value("writer_slot") else { return .auto }
        if let text = value.string {
            guard text == "auto" else {
                throw ConfigurationError(
                    .invalidValue, key: "writer_slot", "must be \"auto\" or 0...63, got \"\(text)\"")
            }
            return .auto
        }
        guard let slot = try root.int("writer_slot", in: 0...63) else { return .auto }
        return .fixed(UInt8(slot))
    }
}
