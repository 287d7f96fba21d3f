import TernIMAP

/// mixed: a mail client as recorded in docs/internals/real-world-mix.md. Between pauses (exponential,
/// mean `meanThink`), the session does one unit, chosen with weights that reproduce the command shares:
/// a folder check (SELECT -> SEARCH -> FETCH headers -> maybe FETCH a body, STORE, CHECK -> UNSELECT),
/// NOOP, IDLE, STATUS, LIST, LSUB, CAPABILITY, EXAMINE, APPEND to Sent, or a reconnect ([LOGOUT +] LOGIN).
public struct MixedScript: SessionScript {
    let credentials: Credentials
    var random: SplitMix64
    let meanThink: Double
    private var queue: [Planned] = []
    private var loggedIn = false
    private var appended = 0

    /// Units and their weights: the counts of the unit's leading command in the recorded mix.
    enum Unit: CaseIterable {
        case folderCheck, noop, idle, status, list, reconnect, capability, examine, lsub, append

        var weight: Double {
            switch self {
            case .folderCheck: return 746  // SELECT
            case .noop: return 295
            case .idle: return 248
            case .status: return 203
            case .list: return 132
            case .reconnect: return 244  // LOGIN; 169 of them after a LOGOUT, the rest after a dropped connection
            case .capability: return 33
            case .examine: return 26
            case .lsub: return 14
            case .append: return 6
            }
        }
    }

    /// Steps whose arguments depend on what the previous step returned.
    enum Planned: Hashable {
        case step(ScriptStep)
        case search
        case fetchHeaders
        case fetchBody
        case store
        case idle
    }

    public init(credentials: Credentials, random: SplitMix64, meanThink: Double) {
        self.credentials = credentials
        self.random = random
        self.meanThink = meanThink
    }

    public mutating func next(after result: StepResult, now: Double, end: Double) -> ScriptStep {
        guard now < end else { return .finish }
        if !loggedIn {
            loggedIn = true
            return .command(name: "LOGIN", credentials.login)
        }
        if !result.ok {
            // A failed step (e.g. SELECT of a missing folder) ends its unit.
            queue.removeAll()
        }
        while true {
            if queue.isEmpty {
                queue = plan(unit: pickUnit())
                let pause = min(exponential(mean: meanThink), end - now)
                if pause > 0 { return .pause(seconds: pause) }
            }
            // Message steps in an empty folder are skipped, as a client would.
            if let step = resolve(queue.removeFirst(), result: result, now: now, end: end) { return step }
        }
    }

    mutating func pickUnit() -> Unit {
        let total = Unit.allCases.reduce(0) { $0 + $1.weight }
        var point = random.unit() * total
        for unit in Unit.allCases {
            point -= unit.weight
            if point < 0 { return unit }
        }
        return .noop
    }

    mutating func chance(_ count: Double, per base: Double) -> Bool { random.unit() < count / base }

    mutating func folder(includingInbox: Bool) -> String {
        if includingInbox && random.unit() < 0.5 { return "INBOX" }
        return Folders.created[Int(random.next() % UInt64(Folders.created.count))]
    }

    mutating func plan(unit: Unit) -> [Planned] {
        switch unit {
        case .folderCheck:
            var steps: [Planned] = [.step(.command(name: "SELECT", .selectMailbox(folder(includingInbox: true))))]
            // Per SELECT the recording has 0.88 SEARCH, 1.59 FETCH, 0.03 STORE, 0.13 CHECK, 0.69 UNSELECT.
            if chance(658, per: 746) { steps.append(.search) }
            steps.append(.fetchHeaders)
            if chance(1187 - 746, per: 746) { steps.append(.fetchBody) }
            if chance(23, per: 746) { steps.append(.store) }
            if chance(96, per: 746) { steps.append(.step(.command(name: "CHECK", .check))) }
            if chance(515, per: 746) { steps.append(.step(.command(name: "UNSELECT", .unselect))) }
            return steps
        case .noop: return [.step(.command(name: "NOOP", .noop))]
        case .idle: return [.idle]
        case .status:
            let attributes: [StatusAttribute] = [.messages, .uidNext, .unseen]
            return [.step(.command(name: "STATUS", .status(MailboxName(utf8: folder(includingInbox: false)), attributes)))]
        case .list:
            let list = ListCommand(reference: MailboxName([]), patterns: .single("*"))
            return [.step(.command(name: "LIST", .list(list)))]
        case .reconnect:
            return [.step(.reconnect(logout: chance(169, per: 244))), .step(.command(name: "LOGIN", credentials.login))]
        case .capability: return [.step(.command(name: "CAPABILITY", .capability))]
        case .examine:
            return [.step(.command(name: "EXAMINE", .examine(.inbox, parameters: []))), .fetchHeaders]
        case .lsub: return [.step(.command(name: "LSUB", .lsub(reference: MailboxName([]), pattern: "*")))]
        case .append:
            appended += 1
            return [.step(.append(name: "APPEND", mailbox: MailboxName(utf8: "Sent"), user: credentials.index,
                                  index: LoopScript.appendIndexBase * 2 + appended))]
        }
    }

    mutating func resolve(_ planned: Planned, result: StepResult, now: Double, end: Double) -> ScriptStep? {
        let exists = result.exists
        switch planned {
        case .fetchHeaders, .fetchBody, .store:
            if exists == 0 { return nil }
        default:
            break
        }
        switch planned {
        case .step(let step): return step
        case .search:
            return .command(name: "SEARCH", .search(SearchCommand(keys: [.unseen])))
        case .fetchHeaders:
            // The client's list view: the newest 20 messages' flags, sizes and a few headers.
            let set = SequenceSet([SequenceRange(Self.listViewFirst(exists: exists), exists)])
            let fields: [ByteString] = ["From", "To", "Subject", "Date", "Message-ID"]
            let items = FetchItems.list([
                .uid, .flags, .rfc822Size, .internalDate,
                .bodySection(SectionSpecifier(kind: .headerFields(fields)), partial: nil, peek: true),
            ])
            return .command(name: "FETCH headers", .fetch(FetchCommand(set: set, items: items)))
        case .fetchBody:
            // The user opens one of the newer messages.
            let number = max(1, exists &- UInt32(random.next() % UInt64(min(exists, 20))))
            let items = FetchItems.single(.bodySection(.complete, partial: nil, peek: true))
            return .command(name: "FETCH body", .fetch(FetchCommand(set: SequenceSet([SequenceRange(number)]), items: items)))
        case .store:
            let number = UInt32(1 + random.next() % UInt64(exists))
            let store = StoreCommand(set: SequenceSet([SequenceRange(number)]), operation: .add, flags: [.seen])
            return .command(name: "STORE", .store(store))
        case .idle:
            return .idle(seconds: min(exponential(mean: 20), end - now))
        }
    }

    /// First sequence number of the newest 20 of `exists` messages (1 when there are fewer: a number
    /// above EXISTS is a BAD, RFC 9051 §9 seq-number).
    static func listViewFirst(exists: UInt32) -> UInt32 {
        exists > 20 ? exists - 19 : 1
    }

    mutating func exponential(mean: Double) -> Double {
        guard mean > 0 else { return 0 }
        return -mean * log(max(1e-12, 1 - random.unit()))
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
