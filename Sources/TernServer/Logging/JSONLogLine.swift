import Logging

/// One log event as one line of JSON (`log_format = "json"`), for journald, Loki or any collector that
/// parses line by line: `{"timestamp":...,"level":...,"label":...,"message":...,"metadata":{...}}`.
/// Pure. JSON string escaping keeps every value inside its line: all C0 controls, DEL, the C1 controls
/// and U+2028/U+2029 are written as `\uXXXX`, and each value is capped like the text format's.
enum JSONLogLine {
    static func render(
        timestamp: String, level: Logger.Level, label: String, message: String, metadata: [String: String],
        maxValueBytes: Int = LogEscaping.defaultMaxBytes
    ) -> String {
        var line = "{\"timestamp\":"
        appendString(timestamp, to: &line, maxBytes: 64)
        line += ",\"level\":"
        appendString(level.rawValue, to: &line, maxBytes: 16)
        line += ",\"label\":"
        appendString(label, to: &line, maxBytes: 128)
        line += ",\"message\":"
        appendString(message, to: &line, maxBytes: maxValueBytes)
        line += ",\"metadata\":{"
        // Sorted: the same event always gives the same line (tests, diffs between runs).
        for (index, key) in metadata.keys.sorted().enumerated() {
            if index > 0 { line += "," }
            appendString(key, to: &line, maxBytes: 128)
            line += ":"
            appendString(metadata[key] ?? "", to: &line, maxBytes: maxValueBytes)
        }
        return line + "}}"
    }

    /// A JSON string of `value`, cut at `maxBytes` of input with a note of what was cut.
    static func appendString(_ value: String, to line: inout String, maxBytes: Int) {
        line += "\""
        var consumed = 0
        let total = value.utf8.count
        for scalar in value.unicodeScalars {
            let size = scalar.utf8.count
            if consumed + size > maxBytes {
                line += "...[\(total - consumed) more bytes]"
                break
            }
            consumed += size
            switch scalar.value {
            case 0x22: line += "\\\""
            case 0x5C: line += "\\\\"
            case 0x0A: line += "\\n"
            case 0x0D: line += "\\r"
            case 0x09: line += "\\t"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}
