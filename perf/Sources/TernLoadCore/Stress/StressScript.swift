import TernIMAP

/// stress: many sessions of one user on one mailbox (INBOX) run APPEND, UID STORE, UID EXPUNGE and
/// EXPUNGE, UID COPY, UID MOVE, FETCH, SEARCH and NOOP at random, without pauses, and check every
/// answer against their MailboxModel (issue 17). Odd sessions ENABLE QRESYNC, so they are told of
/// expunges by VANISHED. To make strict checks possible, each session only deletes (and moves) the
/// messages it appended, and only it sets or clears its own keyword `$StressN`; flags all sessions
/// share (\Seen, \Flagged, `$Pool1..3`) and new keywords (`$NewNxK`) are stored on any message.
public struct StressScript: SessionScript {
    let credentials: Credentials
    var random: SplitMix64
    public private(set) var model: MailboxModel
    let otherMailbox: MailboxName
    private var stage = Stage.login
    private var issued = Issued.plain
    private var queue: [Issued] = []
    private var qresync = false
    private var capabilities: Set<Capability> = []
    private var otherMailboxExists = false
    private var appended = 0
    private var newKeywords = 0
    private var lastWasLearn = false
    /// The command the next tagged answer belongs to (for violation texts) and when it was sent.
    private var lastName = ""
    private var sentAt = 0.0

    /// Own messages kept in INBOX at most (then the session deletes instead of appending).
    public static let ownTarget = 15
    /// New keywords each session introduces in a run (each one makes every session's FLAGS grow).
    public static let newKeywordLimit = 5
    static let pool = [Flag("$Pool1"), Flag("$Pool2"), Flag("$Pool3")]

    enum Stage { case login, capability, enable, list, create, select, learn, running }

    /// What the last command was, to read its tagged answer.
    enum Issued: Hashable {
        case plain
        case append(ownKeyword: Bool)
        /// `ownKeyword`: nil when the STORE does not touch the own keyword, else whether it sets it.
        case store(uid: UInt32, ownKeyword: Bool?)
        case markDeleted(uid: UInt32)
        case uidExpunge(uid: UInt32)
        case expungeAll
        case move(uid: UInt32)
        case fetchAll(checkOwn: Bool)
        case search(MailboxModel.PendingSearch)
        case noop
    }

    public init(credentials: Credentials, random: SplitMix64) {
        self.credentials = credentials
        self.random = random
        self.model = MailboxModel(ownKeyword: FlagLedger.keyword(of: credentials.index))
        self.otherMailbox = MailboxName(utf8: "StressOther\(credentials.index)")
    }

    public var observes: Bool { true }

    // MARK: answers

    public mutating func observe(_ event: SessionEvent) -> [StressFinding] {
        switch event {
        case .untagged(let response):
            switch response {
            case .capability(let list): capabilities.formUnion(list)
            case .list(let item) where item.mailbox == otherMailbox: otherMailboxExists = true
            default: break
            }
            return model.receive(response)
        case .sent(let time):
            sentAt = time
            switch issued {
            case .store(let uid, let state?): return [.ownKeywordStoreSent(uid: uid, state: state, at: time)]
            case .markDeleted(let uid), .move(let uid): return [.ownMessageDeleting(uid: uid)]
            default: return []
            }
        case .tagged(let tagged, let time):
            var findings = answered(tagged, at: time)
            for (uid, flags) in model.takeShownFlags() {
                findings.append(.flagsShown(uid: uid, flags: flags, sentAt: sentAt, answeredAt: time))
            }
            return findings
        }
    }

    private mutating func answered(_ tagged: TaggedResponse, at time: Double) -> [StressFinding] {
        let ok = tagged.status == .ok
        var findings: [StressFinding] = []
        if !ok {
            let code = tagged.text.code.map { "[\($0)] " } ?? ""
            let status = tagged.status == .bad ? "BAD" : "NO"
            findings.append(.found(.noOrBad, "\(describe(issued)): \(status) \(code)\(tagged.text.text.prefix(200))"))
        }
        switch issued {
        case .append(let ownKeyword):
            if ok, case .appendUID(_, let uids) = tagged.text.code, let range = uids.ranges.first {
                model.appended(uid: range.lowerBound.rawValue, ownKeywordSet: ownKeyword)
                findings.append(.ownKeywordStored(uid: range.lowerBound.rawValue, state: ownKeyword, at: time))
            }
        case .store(let uid, let ownKeyword):
            model.storeAnswered(uid: uid, ok: ok, ownKeywordSet: ownKeyword)
            if let ownKeyword { findings.append(.ownKeywordStored(uid: uid, state: ok ? ownKeyword : nil, at: time)) }
        case .uidExpunge(let uid), .move(let uid):
            model.deleted(uids: [uid])
        case .expungeAll:
            model.deleted(uids: Array(model.doomed))
        case .fetchAll(let checkOwn):
            if ok && checkOwn { findings += model.checkOwnMessagesPresent() }
        case .search:
            model.pendingSearch = .sequenceNumbers
        case .plain, .markDeleted, .noop:
            break
        }
        issued = .plain
        return findings
    }

    // MARK: steps

    public mutating func next(after result: StepResult, now: Double, end: Double) -> ScriptStep {
        let step = nextStep(after: result, now: now, end: end)
        switch step {
        case .command(let name, _): lastName = name
        case .append(let name, _, _, _, _): lastName = name
        default: lastName = "LOGOUT"
        }
        return step
    }

    private mutating func nextStep(after result: StepResult, now: Double, end: Double) -> ScriptStep {
        guard now < end else {
            issued = .plain
            return .finish
        }
        switch stage {
        case .login:
            stage = .capability
            return .command(name: "LOGIN", credentials.login)
        case .capability:
            stage = .enable
            return .command(name: "CAPABILITY", .capability)
        case .enable:
            stage = .list
            // Odd sessions get expunges as VANISHED (RFC 7162), even ones as EXPUNGE.
            if credentials.index % 2 == 1 && capabilities.contains(.qresync) {
                qresync = true
                return .command(name: "ENABLE", .enable([.qresync]))
            }
            return nextStep(after: result, now: now, end: end)
        case .list:
            stage = .create
            let list = ListCommand(reference: MailboxName([]), patterns: .single(ByteString(otherMailbox.description)))
            return .command(name: "LIST", .list(list))
        case .create:
            stage = .select
            if otherMailboxExists { return nextStep(after: result, now: now, end: end) }
            return .command(name: "CREATE", .create(otherMailbox, parameters: []))
        case .select:
            stage = .learn
            model.selecting()
            return .command(name: "SELECT", .selectMailbox("INBOX"))
        case .learn:
            stage = .running
            return fetchAll(checkOwn: false)
        case .running:
            break
        }
        if !queue.isEmpty { return issue(queue.removeFirst()) }
        if model.uncertain {
            // A VANISHED the model could not place: start the view again from a fresh SELECT.
            stage = .learn
            model.selecting()
            return .command(name: "SELECT", .selectMailbox("INBOX"))
        }
        if model.unknownCount > 0 && !lastWasLearn {
            lastWasLearn = true
            // New arrivals are at the end: fetch the UIDs above the highest known one.
            if let highest = model.knownUIDs.last, model.uid(at: model.count) == nil,
               model.knownUIDs.count + model.unknownCount == model.count {
                let items = FetchItems.list([.uid, .flags])
                let set = SequenceSet([SequenceRange(.number(highest + 1), .last)])
                return .command(name: "UID FETCH new (UID FLAGS)", .fetch(FetchCommand(isUID: true, set: set, items: items)))
            }
            return fetchAll(checkOwn: false)
        }
        lastWasLearn = false
        return randomStep()
    }

    private mutating func randomStep() -> ScriptStep {
        let live = model.own.subtracting(model.doomed).sorted()
        let known = model.knownUIDs
        let roll = random.next() % 100
        switch roll {
        case 0..<16:
            if live.count < Self.ownTarget { return append() }
            return deleteOne(live)
        case 16..<40:
            guard let uid = pick(known) else { return append() }
            return store(uid: uid)
        case 40..<52:
            guard !live.isEmpty else { return append() }
            return deleteOne(live)
        case 52..<58:
            guard let uid = pick(live) else { return append() }
            model.deleting(uid: uid)
            return issue(.move(uid: uid))
        case 58..<64:
            guard let uid = pick(known) else { return append() }
            let copy = CopyCommand(isUID: true, set: SequenceSet([SequenceRange(uid)]), mailbox: otherMailbox)
            return command("UID COPY", .copy(copy), .plain)
        case 64..<72:
            return fetchAll(checkOwn: false)
        case 72..<78:
            guard let uid = pick(known) else { return append() }
            let items = FetchItems.list([.uid, .flags, .bodySection(SectionSpecifier(kind: .header), partial: nil, peek: true)])
            let fetch = FetchCommand(isUID: true, set: SequenceSet([SequenceRange(uid)]), items: items)
            return command("UID FETCH header", .fetch(fetch), .plain)
        case 78..<86:
            if random.next() % 2 == 0 {
                model.pendingSearch = .sequenceNumbers
                return command("SEARCH ALL", .search(SearchCommand(keys: [.all])), .search(.sequenceNumbers))
            }
            model.pendingSearch = .uidsWithOwnKeyword
            let search = SearchCommand(isUID: true, keys: [.keyword(model.ownKeyword)])
            return command("UID SEARCH KEYWORD", .search(search), .search(.uidsWithOwnKeyword))
        default:
            // NOOP, then every message's UID and flags: each own message must be there.
            queue.append(.fetchAll(checkOwn: true))
            return issue(.noop)
        }
    }

    private mutating func append() -> ScriptStep {
        appended += 1
        var flags: [Flag] = []
        let ownKeyword = random.next() % 2 == 0
        if ownKeyword { flags.append(model.ownKeyword) }
        if random.next() % 5 == 0 { flags.append(Self.pool[Int(random.next() % UInt64(Self.pool.count))]) }
        if random.next() % 20 == 0, let keyword = newKeyword() { flags.append(keyword) }
        issued = .append(ownKeyword: ownKeyword)
        return .append(name: "APPEND", mailbox: .inbox, user: credentials.index,
                       index: LoopScript.appendIndexBase * 3 + appended, flags: flags)
    }

    private mutating func store(uid: UInt32) -> ScriptStep {
        let roll = random.next() % 100
        var add = random.next() % 2 == 0
        let flag: Flag
        var ownKeyword: Bool?
        switch roll {
        case 0..<40:
            flag = model.ownKeyword
            ownKeyword = add
        case 40..<55: flag = .seen
        case 55..<70: flag = .flagged
        case 70..<90: flag = Self.pool[Int(random.next() % UInt64(Self.pool.count))]
        default:
            if let keyword = newKeyword() {
                flag = keyword
                add = true
            } else {
                flag = Self.pool[0]
            }
        }
        model.storeSent(uid: uid)
        let store = StoreCommand(isUID: true, set: SequenceSet([SequenceRange(uid)]), operation: add ? .add : .remove,
                                 silent: random.next() % 3 == 0, flags: [flag])
        return command("UID STORE", .store(store), .store(uid: uid, ownKeyword: ownKeyword))
    }

    /// \Deleted on one own message, then UID EXPUNGE of it or a plain EXPUNGE.
    private mutating func deleteOne(_ live: [UInt32]) -> ScriptStep {
        guard let uid = pick(live) else { return append() }
        model.deleting(uid: uid)
        queue.append(random.next() % 2 == 0 ? .uidExpunge(uid: uid) : .expungeAll)
        return issue(.markDeleted(uid: uid))
    }

    private mutating func fetchAll(checkOwn: Bool) -> ScriptStep {
        // 1:* of an empty mailbox names no message; nothing to fetch, only to check.
        guard model.count > 0 else { return command("NOOP", .noop, .fetchAll(checkOwn: checkOwn)) }
        let fetch = FetchCommand(set: .all, items: FetchItems.list([.uid, .flags]))
        return command("FETCH 1:* (UID FLAGS)", .fetch(fetch), .fetchAll(checkOwn: checkOwn))
    }

    private mutating func issue(_ planned: Issued) -> ScriptStep {
        switch planned {
        case .markDeleted(let uid):
            let store = StoreCommand(isUID: true, set: SequenceSet([SequenceRange(uid)]), operation: .add, silent: true,
                                     flags: [.deleted])
            return command("UID STORE \\Deleted", .store(store), planned)
        case .uidExpunge(let uid):
            return command("UID EXPUNGE", .uidExpunge(SequenceSet([SequenceRange(uid)])), planned)
        case .expungeAll:
            return command("EXPUNGE", .expunge, planned)
        case .move(let uid):
            let move = CopyCommand(isUID: true, set: SequenceSet([SequenceRange(uid)]), mailbox: otherMailbox)
            return command("UID MOVE", .move(move), planned)
        case .fetchAll(let checkOwn):
            return fetchAll(checkOwn: checkOwn)
        case .noop:
            return command("NOOP", .noop, planned)
        case .plain, .append, .store, .search:
            return command("NOOP", .noop, .noop)
        }
    }

    private mutating func command(_ name: String, _ command: Command, _ planned: Issued) -> ScriptStep {
        issued = planned
        return .command(name: name, command)
    }

    private mutating func newKeyword() -> Flag? {
        guard newKeywords < Self.newKeywordLimit else { return nil }
        newKeywords += 1
        return Flag("$New\(credentials.index)x\(newKeywords)")
    }

    private mutating func pick(_ uids: [UInt32]) -> UInt32? {
        uids.isEmpty ? nil : uids[Int(random.next() % UInt64(uids.count))]
    }

    private func describe(_ issued: Issued) -> String {
        switch issued {
        case .plain, .search, .noop, .fetchAll: return lastName
        case .append: return "APPEND"
        case .store(let uid, _): return "UID STORE \(uid)"
        case .markDeleted(let uid): return "UID STORE \(uid) +FLAGS.SILENT (\\Deleted)"
        case .uidExpunge(let uid): return "UID EXPUNGE \(uid)"
        case .expungeAll: return "EXPUNGE"
        case .move(let uid): return "UID MOVE \(uid)"
        }
    }
}
