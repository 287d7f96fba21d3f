import TernIMAP
import TernMIME

/// A SEARCH program compiled against one mailbox snapshot: sequence sets and `$` resolved, needles
/// converted to UTF-8, dates turned into day numbers. Pure.
indirect enum SearchNode: Sendable, Hashable {
    enum DateRelation: Sendable, Hashable {
        case before, on, since

        func holds(day: Int, key: Int) -> Bool {
            switch self {
            case .before: return day < key
            case .on: return day == key
            case .since: return day >= key
            }
        }
    }

    enum EnvelopeField: Sendable, Hashable {
        case from, to, cc, bcc, subject
    }

    case constant(Bool)
    case flag(String)
    case new
    case old
    case recent
    case larger(UInt64)
    case smaller(UInt64)
    case internalDate(DateRelation, day: Int)
    case uids(Set<UInt32>?, ranges: [ClosedRange<UInt32>])
    case sequence(ranges: [ClosedRange<UInt32>])
    case modSeq(UInt64)
    // Need the structure.
    case sentDate(DateRelation, day: Int)
    case envelope(EnvelopeField, needle: String)
    // Needs the message body: index into `SearchProgram.contentKeys`.
    case content(Int)
    case not(SearchNode)
    case or(SearchNode, SearchNode)
    case and([SearchNode])

    /// What evaluating a node needs.
    enum Need: Int, Comparable {
        case view = 0
        case structure = 1
        case content = 2
        static func < (a: Need, b: Need) -> Bool { a.rawValue < b.rawValue }
    }

    var need: Need {
        switch self {
        case .sentDate, .envelope: return .structure
        case .content: return .content
        case .not(let node): return node.need
        case .or(let a, let b): return max(a.need, b.need)
        case .and(let nodes): return nodes.map(\.need).max() ?? .view
        default: return .view
        }
    }
}

/// A SEARCH key that reads the message (HEADER, BODY, TEXT). Equal keys of one program share one entry.
enum ContentKey: Sendable, Hashable {
    /// HEADER: the lowercased field name and the needle.
    case header(name: [UInt8], needle: String)
    case body(String)
    case text(String)
}

/// A compiled SEARCH program: the tree, and the content keys its `.content` leaves number.
struct SearchProgram: Sendable {
    var root: SearchNode
    var contentKeys: [ContentKey]
}

enum SearchCompiler {
    /// - Parameters:
    ///   - messageCount / highestUID: resolve `*` (RFC 9051: the largest number in use).
    ///   - savedResult: UIDs for `$`; nil means nothing was saved (an empty set, RFC 5182 2.1).
    static func compile(
        _ keys: [SearchKey], charset: ByteString?, messageCount: UInt32, highestUID: UInt32, savedResult: [UInt32]?
    ) throws(QueryError) -> SearchProgram {
        let decoder = try NeedleDecoder(charset: charset)
        let context = Context(
            decoder: decoder, messageCount: messageCount, highestUID: highestUID,
            saved: Set(savedResult ?? []))
        let nodes = keys.map { context.compile($0) }
        return SearchProgram(root: nodes.count == 1 ? nodes[0] : .and(nodes), contentKeys: context.numbering.keys)
    }

    /// Numbers content keys as they are compiled; a repeated key gets the number of its first use, so
    /// `TEXT x TEXT x` searches for x once.
    private final class ContentNumbering {
        var keys: [ContentKey] = []
        var numbers: [ContentKey: Int] = [:]

        func number(_ key: ContentKey) -> SearchNode {
            if let known = numbers[key] { return .content(known) }
            numbers[key] = keys.count
            keys.append(key)
            return .content(keys.count - 1)
        }
    }

    private struct Context {
        let decoder: NeedleDecoder
        let messageCount: UInt32
        let highestUID: UInt32
        let saved: Set<UInt32>
        let numbering = ContentNumbering()

        func compile(_ key: SearchKey) -> SearchNode {
            switch key {
            case .all: return .constant(true)
            case .answered: return .flag("\\Answered")
            case .deleted: return .flag("\\Deleted")
            case .draft: return .flag("\\Draft")
            case .flagged: return .flag("\\Flagged")
            case .seen: return .flag("\\Seen")
            case .unanswered: return .not(.flag("\\Answered"))
            case .undeleted: return .not(.flag("\\Deleted"))
            case .undraft: return .not(.flag("\\Draft"))
            case .unflagged: return .not(.flag("\\Flagged"))
            case .unseen: return .not(.flag("\\Seen"))
            case .new: return .new
            case .old: return .old
            case .recent: return .recent
            case .keyword(let flag): return .flag(flag.rawValue)
            case .unkeyword(let flag): return .not(.flag(flag.rawValue))
            case .bcc(let needle): return .envelope(.bcc, needle: decoder.decode(needle))
            case .cc(let needle): return .envelope(.cc, needle: decoder.decode(needle))
            case .from(let needle): return .envelope(.from, needle: decoder.decode(needle))
            case .to(let needle): return .envelope(.to, needle: decoder.decode(needle))
            case .subject(let needle): return .envelope(.subject, needle: decoder.decode(needle))
            case .body(let needle): return numbering.number(.body(decoder.decode(needle)))
            case .text(let needle): return numbering.number(.text(decoder.decode(needle)))
            case .header(let field, let needle):
                return numbering.number(.header(name: field.bytes.map(ASCIIFold.lower), needle: decoder.decode(needle)))
            case .before(let date): return .internalDate(.before, day: date.daysSinceEpoch)
            case .on(let date): return .internalDate(.on, day: date.daysSinceEpoch)
            case .since(let date): return .internalDate(.since, day: date.daysSinceEpoch)
            case .sentBefore(let date): return .sentDate(.before, day: date.daysSinceEpoch)
            case .sentOn(let date): return .sentDate(.on, day: date.daysSinceEpoch)
            case .sentSince(let date): return .sentDate(.since, day: date.daysSinceEpoch)
            case .larger(let size): return .larger(size)
            case .smaller(let size): return .smaller(size)
            case .uid(let set):
                switch set {
                case .lastSearchResult: return .uids(saved, ranges: [])
                case .ranges(let ranges): return .uids(nil, ranges: ranges.map { $0.resolved(largest: highestUID) })
                }
            case .sequenceSet(let set):
                switch set {
                case .lastSearchResult: return .uids(saved, ranges: [])
                case .ranges(let ranges): return .sequence(ranges: ranges.map { $0.resolved(largest: messageCount) })
                }
            case .not(let inner): return .not(compile(inner))
            case .or(let a, let b): return .or(compile(a), compile(b))
            case .and(let keys): return .and(keys.map { compile($0) })
            case .modSeq(let value, _):
                // Tern keeps one MODSEQ per message, which RFC 7162 3.1.5 allows for every entry name.
                return .modSeq(value.rawValue)
            }
        }
    }
}

/// Converts SEARCH strings from the command's CHARSET to UTF-8.
struct NeedleDecoder {
    private let charset: String?

    init(charset: ByteString?) throws(QueryError) {
        guard let charset else {
            self.charset = nil
            return
        }
        let name = charset.stringValue
        switch name.lowercased() {
        case "us-ascii", "utf-8", "utf8":
            self.charset = nil
        default:
            guard CharsetDecoder.isSupported(name) else {
                throw QueryError(.badCharset, "charset \(name) is not supported")
            }
            self.charset = name
        }
    }

    func decode(_ needle: ByteString) -> String {
        guard let charset, var decoder = try? CharsetDecoder(charset: charset) else {
            return String(decoding: needle.bytes, as: UTF8.self)
        }
        return String(decoding: decoder.transformAll(needle.bytes), as: UTF8.self)
    }
}
