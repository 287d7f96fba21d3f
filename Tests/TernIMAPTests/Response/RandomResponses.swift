@testable import TernIMAP

/// Seeded generator of well-formed `Response` values covering every response family.
struct RandomResponses {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    mutating func bool() -> Bool { random.next() & 1 == 1 }

    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }

    mutating func number() -> UInt32 { UInt32(int(1...100_000)) }

    mutating func atom() -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.$_")
        let first = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String(pick(first)) + String((0..<int(0...8)).map { _ in pick(letters) })
    }

    /// Bytes of every kind the string rules distinguish: atoms, spaces and specials, quotes, CRLF, UTF-8.
    mutating func bytes(allowEmpty: Bool = true, allowNUL: Bool = false) -> [UInt8] {
        let alphabet: [[UInt8]] = [
            Array("a".utf8), Array("Z".utf8), Array("0".utf8), Array(" ".utf8), Array("\"".utf8), Array("\\".utf8),
            Array("(".utf8), Array(")".utf8), Array("]".utf8), Array("%".utf8), Array("*".utf8), Array("{".utf8),
            Array("\r\n".utf8), Array("é".utf8), Array("&".utf8), Array("~".utf8),
        ] + (allowNUL ? [[0]] : [])
        let count = int((allowEmpty ? 0 : 1)...12)
        return (0..<count).flatMap { _ in pick(alphabet) }
    }

    mutating func string() -> ByteString { ByteString(bytes()) }

    mutating func nstring() -> ByteString? { int(0...4) == 0 ? nil : string() }

    mutating func text() -> String {
        let words = ["Done", "completed", "Message 12 is first unseen", "a [b] c", "100%", "ünïcode", "x"]
        return pick(words) + (bool() ? " " + pick(words) : "")
    }

    mutating func flag() -> Flag {
        pick([.seen, .answered, .flagged, .deleted, .draft, .recent, Flag("$Forwarded"), Flag(atom())])
    }

    mutating func mailbox() -> MailboxName {
        pick([.inbox, MailboxName(bytes(allowEmpty: true)), MailboxName(Array(atom().utf8))])
    }

    mutating func uidSet() -> UIDSet {
        var next = UInt32(int(1...50))
        var ranges: [ClosedRange<UID>] = []
        for _ in 0..<int(1...4) {
            let upper = next + UInt32(int(0...3))
            ranges.append(UID(next)...UID(upper))
            next = upper + UInt32(int(2...9))
        }
        return UIDSet(ranges)
    }

    mutating func sequenceSet() -> SequenceSet {
        SequenceSet((0..<int(1...4)).map { _ in
            bool() ? SequenceRange(number()) : SequenceRange(.number(number()), bool() ? .last : .number(number()))
        })
    }

    mutating func code() -> ResponseCode? {
        switch int(0...16) {
        case 0: return nil
        case 1: return .alert
        case 2: return .badCharset(bool() ? nil : [ByteString("UTF-8"), ByteString("US-ASCII")])
        case 3: return .capability((0..<int(1...4)).map { _ in Capability(atom()) })
        case 4: return .permanentFlags((0..<int(0...4)).map { _ in flag() } + [.wildcard])
        case 5: return .uidNext(UID(number()))
        case 6: return .uidValidity(number())
        case 7: return .unseen(SequenceNumber(number()))
        case 8: return .appendUID(uidValidity: number(), uids: uidSet())
        case 9: return .copyUID(uidValidity: number(), source: uidSet(), destination: uidSet())
        case 10: return .highestModSeq(ModSeq(UInt64(int(1...Int(Int32.max)))))
        case 11: return .modified(sequenceSet())
        case 12: return .other(name: "X-" + atom(), argument: bool() ? nil : "some argument")
        default:
            return pick([
                .readOnly, .readWrite, .tryCreate, .uidNotSticky, .noModSeq, .closed, .notSaved, .unavailable,
                .authenticationFailed, .authorizationFailed, .expired, .privacyRequired, .contactAdmin, .noPerm,
                .inUse, .expungeIssued, .corruption, .serverBug, .clientBug, .cannot, .limit, .overQuota,
                .alreadyExists, .nonExistent, .hasChildren, .tooBig, .unknownCTE, .useAttr, .compressionActive, .parse,
            ])
        }
    }

    mutating func responseText() -> ResponseText {
        let code = code()
        return ResponseText(code: code, text: code != nil && bool() ? "" : text())
    }

    mutating func address() -> Address {
        Address(name: nstring(), adl: nstring(), mailbox: nstring(), host: nstring())
    }

    mutating func addresses() -> [Address]? {
        bool() ? nil : (0..<int(1...3)).map { _ in address() }
    }

    mutating func envelope() -> Envelope {
        Envelope(
            date: nstring(), subject: nstring(), from: addresses(), sender: addresses(), replyTo: addresses(),
            to: addresses(), cc: addresses(), bcc: addresses(), inReplyTo: nstring(), messageID: nstring())
    }

    mutating func parameters() -> [BodyParameter]? {
        bool() ? nil : (0..<int(1...3)).map { _ in BodyParameter(name: string(), value: string()) }
    }

    mutating func bodyExtension(multipart: Bool, extensible: Bool) -> BodyExtension? {
        guard extensible, bool() else { return nil }
        let first: BodyExtension.First = multipart ? .parameters(parameters()) : .md5(nstring())
        let language: BodyLanguage = pick([.none, .single(string()), .list([string(), string()])])
        let extra: [ExtensionValue] = int(0...3) == 0 ? [.number(7), .list([.nil, .string(string())])] : []
        // Fields past `fieldCount` are not on the wire, so they stay empty here.
        let count = extra.isEmpty ? int(1...4) : 4
        return BodyExtension(
            first: first,
            disposition: count >= 2 && bool() ? BodyDisposition(kind: string(), parameters: parameters()) : nil,
            language: count >= 3 ? language : .none, location: count >= 4 ? nstring() : nil, extra: extra,
            fieldCount: count)
    }

    mutating func body(depth: Int = 0, extensible: Bool) -> BodyStructure {
        if depth < 3 && int(0...3) == 0 {
            let parts = (0..<int(1...3)).map { _ in body(depth: depth + 1, extensible: extensible) }
            return .multipart(MultipartBody(parts: parts, subtype: string(), extensionData: bodyExtension(multipart: true, extensible: extensible)))
        }
        let fields = BodyFields(
            parameters: parameters(), id: nstring(), description: nstring(), encoding: string(),
            octets: UInt64(int(0...100_000)))
        let kind: SinglePartBody.Kind
        let type: ByteString
        var subtype = string()
        switch int(0...2) {
        case 0:
            type = "TEXT"
            kind = .text(lines: UInt64(int(0...999)))
        case 1 where depth < 3:
            type = "MESSAGE"
            subtype = "RFC822"
            kind = .message(envelope(), body(depth: depth + 1, extensible: extensible), lines: UInt64(int(0...999)))
        default:
            type = pick(["IMAGE", "APPLICATION", "AUDIO"])
            kind = .basic
        }
        return .singlepart(SinglePartBody(
            type: type, subtype: subtype, fields: fields, kind: kind, extensionData: bodyExtension(multipart: false, extensible: extensible)))
    }

    mutating func section() -> SectionSpecifier {
        let part = (0..<int(0...3)).map { _ in UInt32(int(1...9)) }
        let names: [ByteString] = [ByteString(atom()), "DATE"]
        var kinds: [SectionSpecifier.Kind] = [.complete, .header, .text, .headerFields(names), .headerFieldsNot(names)]
        if !part.isEmpty { kinds.append(.mime) }
        return SectionSpecifier(part: part, kind: pick(kinds))
    }

    mutating func attribute() -> MessageAttribute {
        switch int(0...13) {
        case 0: return .flags((0..<int(0...4)).map { _ in flag() })
        case 1: return .uid(UID(number()))
        case 2:
            let date = IMAPDate(year: int(1970...2100), month: int(1...12), day: int(1...28)) ?? IMAPDate(year: 2000, month: 1, day: 1)!
            let zone = int(-720...840)
            return .internalDate(InternalDate(date: date, hour: int(0...23), minute: int(0...59), second: int(0...59), zoneMinutes: zone)!)
        case 3: return .rfc822Size(UInt64(int(0...Int(Int32.max))))
        case 4: return .modSeq(ModSeq(UInt64(int(1...Int(Int32.max)))))
        case 5: return .envelope(envelope())
        case 6:
            let extensible = bool()
            return .bodyStructure(body(extensible: extensible), extensible: extensible)
        case 7: return .bodySection(section(), origin: bool() ? nil : UInt64(int(0...9999)), data: nstring())
        case 8:
            let data: ByteString? = bool() ? nil : ByteString(bytes(allowNUL: true))
            return .binary(part: (0..<int(0...2)).map { _ in UInt32(int(1...9)) }, origin: bool() ? nil : 5, data: data)
        case 9: return .binarySize(part: [UInt32(int(1...9))], size: UInt64(int(0...99999)))
        case 10: return .rfc822(nstring())
        case 11: return .rfc822Header(nstring())
        default: return .rfc822Text(nstring())
        }
    }

    mutating func threads(depth: Int = 0) -> [ThreadList] {
        (0..<int(1...3)).map { _ in thread(depth: depth) }
    }

    mutating func thread(depth: Int) -> ThreadList {
        let messages = (0..<int(depth < 3 ? 0...3 : 1...3)).map { _ in number() }
        var children: [ThreadList] = []
        if depth < 3 && (messages.isEmpty || bool()) {
            children = (0..<int(2...3)).map { _ in thread(depth: depth + 1) }
        }
        return ThreadList(messages: messages, children: children)
    }

    mutating func untagged() -> UntaggedResponse {
        switch int(0...22) {
        case 0: return .status(pick([.ok, .no, .bad]), responseText())
        case 1: return .preauth(responseText())
        case 2: return .bye(responseText())
        case 3: return .capability((0..<int(1...5)).map { _ in Capability(atom()) })
        case 4: return .enabled((0..<int(0...3)).map { _ in Capability(atom()) })
        case 5: return .flags((0..<int(0...5)).map { _ in flag() })
        case 6, 7:
            let extended: [ListExtendedItem] = bool() ? [] : [.childInfo(["SUBSCRIBED"]), .oldName(mailbox())]
            let item = MailboxListItem(
                attributes: (0..<int(0...3)).map { _ in pick([.noSelect, .hasChildren, .sent, .subscribed, MailboxAttribute("\\X" + atom())]) },
                delimiter: pick([nil, UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\"")]),
                mailbox: mailbox(), extended: extended)
            return int(0...1) == 0 ? .list(item) : .lsub(item)
        case 8:
            return .mailboxStatus(mailbox(), StatusAttribute.allCases.filter { _ in bool() }.map { StatusValue($0, UInt64(int(0...99999))) })
        case 9: return .search((0..<int(0...6)).map { _ in number() }, modSeq: bool() ? nil : ModSeq(UInt64(number())))
        case 10: return .sort((0..<int(0...6)).map { _ in number() }, modSeq: bool() ? nil : ModSeq(UInt64(number())))
        case 11:
            var items: [ESearchItem] = []
            if bool() { items.append(.min(number())) }
            if bool() { items.append(.max(number())) }
            if bool() { items.append(.all(sequenceSet())) }
            items.append(.count(UInt32(int(0...999))))
            if bool() { items.append(.modSeq(ModSeq(UInt64(number())))) }
            return .esearch(ESearchResponse(correlator: bool() ? nil : ByteString(atom()), uid: bool(), items: items))
        case 12: return .thread(bool() ? [] : threads())
        case 13: return .exists(UInt32(int(0...99999)))
        case 14: return .recent(UInt32(int(0...99999)))
        case 15: return .expunge(SequenceNumber(number()))
        case 16: return .vanished(earlier: bool(), uidSet())
        case 17, 18: return .fetch(SequenceNumber(number()), (0..<int(1...5)).map { _ in attribute() })
        case 19:
            return .id(bool() ? nil : (0..<int(1...3)).map { _ in IDParameter(key: string(), value: nstring()) })
        case 20:
            func namespaces(_ generator: inout RandomResponses) -> [NamespaceDescription]? {
                generator.bool() ? nil : (0..<generator.int(1...2)).map { _ in
                    NamespaceDescription(
                        prefix: generator.string(), delimiter: generator.pick([nil, UInt8(ascii: "/")]),
                        extensions: generator.bool() ? [] : [NamespaceExtension(name: "X-PARAM", values: ["A", "B"])])
                }
            }
            return .namespace(NamespaceResponse(personal: namespaces(&self), otherUsers: namespaces(&self), shared: namespaces(&self)))
        case 21:
            return .quota(root: string(), (0..<int(0...2)).map { _ in QuotaResource(name: pick(["STORAGE", "MESSAGE"]), usage: 1, limit: 2) })
        default:
            return .quotaRoot(mailbox(), roots: (0..<int(0...2)).map { _ in string() })
        }
    }

    mutating func response() -> Response {
        switch int(0...9) {
        case 0: return .continuation(bool() ? .base64("dGVzdA==") : .text(ResponseText(code: code(), text: "go on")))
        case 1, 2: return .tagged(TaggedResponse(tag: Tag("A" + String(number()))!, status: pick([.ok, .no, .bad]), text: responseText()))
        default: return .untagged(untagged())
        }
    }
}
