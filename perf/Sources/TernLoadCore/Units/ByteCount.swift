/// Byte counts on the command line: `2GiB`, `168MiB`, `500KB`, `1000000` (IEC suffixes are powers of
/// 1024, SI ones powers of 1000; case-insensitive; no fractions).
public enum ByteCount {
    /// Largest count accepted (1 TiB): provisioning more than that on one machine is a typo.
    public static let maximum: UInt64 = 1 << 40

    public static func parse(_ text: String) -> UInt64? {
        let lowered = text.lowercased()
        let digits = lowered.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = UInt64(digits) else { return nil }
        let multiplier: UInt64
        switch lowered.dropFirst(digits.count) {
        case "", "b": multiplier = 1
        case "k", "kb": multiplier = 1000
        case "m", "mb": multiplier = 1_000_000
        case "g", "gb": multiplier = 1_000_000_000
        case "kib": multiplier = 1 << 10
        case "mib": multiplier = 1 << 20
        case "gib": multiplier = 1 << 30
        default: return nil
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow, product <= maximum else { return nil }
        return product
    }
}
