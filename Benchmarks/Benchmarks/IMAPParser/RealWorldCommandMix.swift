import NIOCore
import TernIMAP

/// A deterministic stream of client commands shaped like the recorded traffic of Thunderbird, K-9,
/// FairEmail and mutt users: the command shares follow the measured mix, the FETCH and SEARCH shapes
/// are the few patterns those clients repeat.
enum RealWorldCommandMix {
    struct Mix {
        var buffer: ByteBuffer
        var commandCount: Int
        /// Indexes (in command order) of IDLE commands: the next line is DONE.
        var idleCommands: Set<Int>
    }

    /// (share in per-mille, command lines). `%d` is replaced by a varying number.
    static let shapes: [(perMille: Int, lines: [String])] = [
        (257, [
            "UID FETCH %d:* (UID FLAGS)",
            "UID FETCH %d (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (From To Cc Bcc Subject Date Message-ID Priority X-Priority References Newsgroups In-Reply-To Content-Type Reply-To)])",
            "UID FETCH %d BODY.PEEK[]",
            "FETCH 1:%d (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)",
            "UID FETCH %d:%d (FLAGS) (CHANGEDSINCE 12345)",
        ]),
        (161, ["SELECT INBOX", "SELECT \"Sent Messages\"", "SELECT INBOX (CONDSTORE)"]),
        (142, [
            "UID SEARCH UID %d:*",
            "UID SEARCH NOT DELETED SINCE 1-Nov-2026",
            "SEARCH UNSEEN",
            "UID SEARCH OR FROM \"alice\" SUBJECT \"report\"",
        ]),
        (111, ["UNSELECT"]),
        (64, ["NOOP"]),
        (54, ["IDLE"]),
        (53, ["LOGIN alice hunter2", "LOGIN \"bob@example.tld\" \"correct horse\""]),
        (44, ["STATUS Archive (MESSAGES UIDNEXT UNSEEN)", "STATUS INBOX (UIDNEXT UIDVALIDITY HIGHESTMODSEQ)"]),
        (37, ["LOGOUT"]),
        (29, ["LIST \"\" \"*\"", "LIST (SUBSCRIBED) \"\" \"*\" RETURN (CHILDREN SPECIAL-USE)"]),
        (21, ["CHECK"]),
        (7, ["CAPABILITY"]),
        (6, ["EXAMINE Drafts"]),
        (5, ["UID STORE %d +FLAGS.SILENT (\\Seen)", "STORE %d:%d -FLAGS (\\Flagged)"]),
        (3, ["LSUB \"\" \"*\""]),
        (2, ["ENABLE CONDSTORE", "ID (\"name\" \"Thunderbird\" \"version\" \"128.5\")"]),
        (1, ["APPEND Sent (\\Seen) {\(sampleMessage.utf8.count)+}\r\n" + sampleMessage]),
        (1, ["CLOSE"]),
        (1, ["UID MOVE %d Trash"]),
    ]

    static let sampleMessage =
        "From: a@example.tld\r\nTo: b@example.tld\r\nSubject: hello\r\n\r\nHello there, a line of body text.\r\n"

    static func build(commands: Int) -> Mix {
        var random = SplitMix64(seed: 0x7e4d)
        let total = shapes.reduce(0) { $0 + $1.perMille }
        var buffer = ByteBuffer()
        var idle: Set<Int> = []
        for index in 0..<commands {
            var pick = Int(random.next() % UInt64(total))
            var chosen = shapes[0].lines
            for shape in shapes {
                if pick < shape.perMille {
                    chosen = shape.lines
                    break
                }
                pick -= shape.perMille
            }
            var line = chosen[Int(random.next() % UInt64(chosen.count))]
            while let range = line.range(of: "%d") {
                line.replaceSubrange(range, with: String(1 + random.next() % 40_000))
            }
            buffer.writeString("a\(index) \(line)\r\n")
            if line == "IDLE" {
                idle.insert(index)
                buffer.writeString("DONE\r\n")
            }
        }
        return Mix(buffer: buffer, commandCount: commands, idleCommands: idle)
    }

    /// Parses the whole mix, feeding `fragmentSize` bytes at a time (nil: all at once); returns the number
    /// of stream parts produced.
    static func parseAll(_ mix: Mix, fragmentSize: Int? = nil) -> Int {
        var parser = CommandParser(limits: .default, literalPolicy: .literalPlus)
        var remaining = mix.buffer
        var parts = 0
        while remaining.readableBytes > 0 {
            let length = min(fragmentSize ?? remaining.readableBytes, remaining.readableBytes)
            var fragment = remaining.readSlice(length: length)!
            while let output = parser.next(&fragment) {
                switch output {
                case .part(.tagged(let tagged)):
                    parts += 1
                    if case .idle = tagged.command { parser.expectIdleDone() }
                case .part:
                    parts += 1
                case .continuationRequired, .error:
                    preconditionFailure("the benchmark mix must parse cleanly: \(output)")
                }
            }
        }
        return parts
    }
}

/// Deterministic generator so every run parses the same bytes.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
