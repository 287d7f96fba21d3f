/// One RFC example transcript, as stored in the fixtures under RFC3501/ and RFC9051/.
///
/// Line prefixes:
/// - `C: ` a client line (commands, and the lines of a literal's data, which are joined with CRLF);
/// - `CA: ` a client continuation line that is not a command: a SASL response or the `DONE` of IDLE;
/// - `S: ` a server line (again including the lines of literals);
/// - `C?: ` / `S?: ` a line that is malformed per the RFC's own grammar (the reason is in a `#` comment
///   above it); it is kept verbatim and checked to be rejected (or at least not reproduced);
/// - `# ` a comment; `<SP>` at the end of a line stands for a trailing space.
/// Where the RFC wraps a long line "for editorial clarity" the fixture holds the joined line and says so.
struct RFCTranscript: Sendable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        case client
        case clientContinuation
        case server
        case malformedClient
        case malformedServer
    }

    struct Line: Sendable {
        var kind: Kind
        var text: String
        var number: Int
    }

    let reference: String
    let text: String

    var description: String { reference }

    var lines: [Line] {
        var result: [Line] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasSuffix("<SP>") { line = String(line.dropLast(4)) + " " }
            let prefixes: [(String, Kind)] = [
                ("CA:", .clientContinuation), ("C?:", .malformedClient), ("S?:", .malformedServer),
                ("C:", .client), ("S:", .server),
            ]
            for (prefix, kind) in prefixes where line.hasPrefix(prefix) {
                var content = line.dropFirst(prefix.count)
                if content.hasPrefix(" ") { content = content.dropFirst() }
                result.append(Line(kind: kind, text: String(content), number: offset + 1))
                break
            }
        }
        return result
    }
}
