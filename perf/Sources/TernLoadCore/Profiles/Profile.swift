import TernIMAP

/// The load profiles `tern-load run --profile` offers.
public enum Profile: String, CaseIterable, Hashable, Sendable, Codable {
    /// LOGIN, SELECT INBOX, IDLE until the end.
    case idle
    /// FETCH 1:* (BODY.PEEK[]) over and over, bodies counted and dropped.
    case fetchFull = "fetch-full"
    /// FETCH 1:* (BODYSTRUCTURE ENVELOPE FLAGS) over and over: the metadata a client's list view needs.
    case fetchStructure = "fetch-structure"
    /// SEARCH TEXT for a word few messages contain, over and over.
    case searchText = "search-text"
    /// APPEND generated messages to INBOX, over and over.
    case append
    /// The real-world command mix (MixedScript).
    case mixed
    /// An mbsync-like synchroniser (SyncScript).
    case sync
    /// Random commands of many sessions on one mailbox, every answer checked against a model (StressScript).
    case stress

    /// The script for one session. `seed` makes the run reproducible; `think` is the mean pause
    /// between steps of the mixed and sync profiles.
    public func script(credentials: Credentials, seed: UInt64, think: Double) -> any SessionScript {
        let random = SplitMix64(seed: SplitMix64.derive(seed, UInt64(credentials.index) &+ 0xA11CE))
        switch self {
        case .idle: return IdleScript(credentials: credentials)
        case .fetchFull, .fetchStructure, .searchText, .append: return LoopScript(profile: self, credentials: credentials)
        case .mixed: return MixedScript(credentials: credentials, random: random, meanThink: think)
        case .sync: return SyncScript(credentials: credentials, random: random, meanThink: think)
        case .stress: return StressScript(credentials: credentials, random: random)
        }
    }
}

/// idle: log in, select INBOX, IDLE until the end of the run.
public struct IdleScript: SessionScript {
    let credentials: Credentials
    private var stage = 0

    public init(credentials: Credentials) { self.credentials = credentials }

    public mutating func next(after result: StepResult, now: Double, end: Double) -> ScriptStep {
        stage += 1
        guard result.ok, now < end else { return .finish }
        switch stage {
        case 1: return .command(name: "LOGIN", credentials.login)
        case 2: return .command(name: "SELECT", .selectMailbox("INBOX"))
        case 3: return .idle(seconds: end - now)
        default: return .finish
        }
    }
}

/// fetch-full, fetch-structure, search-text, append: log in (and select INBOX), then repeat one command until the end.
public struct LoopScript: SessionScript {
    let profile: Profile
    let credentials: Credentials
    private var stage = 0
    private var appended = 0
    /// The last SELECT failed: the next step selects again (after a pause).
    private var selectFailed = false

    /// APPENDs of the append profile use message indexes from here on, apart from provisioned ones.
    public static let appendIndexBase = 1_000_000

    public init(profile: Profile, credentials: Credentials) {
        self.profile = profile
        self.credentials = credentials
    }

    public mutating func next(after result: StepResult, now: Double, end: Double) -> ScriptStep {
        stage += 1
        guard now < end else { return .finish }
        if stage == 1 { return .command(name: "LOGIN", credentials.login) }
        guard stage > 2 || result.ok || selectFailed else { return .finish }
        switch profile {
        case .append:
            appended += 1
            return .append(name: "APPEND", mailbox: .inbox, user: credentials.index, index: Self.appendIndexBase + appended)
        case .fetchFull, .fetchStructure, .searchText:
            if stage == 2 {
                selectFailed = false
                return .command(name: "SELECT", .selectMailbox("INBOX"))
            }
            if stage == 3 && !result.ok {
                // SELECT failed (e.g. the server's storage was busy): no mailbox is selected, so a
                // FETCH or SEARCH would only earn a BAD. Wait a second and SELECT again.
                stage = 1
                selectFailed = true
                return .pause(seconds: min(1, end - now))
            }
            // An empty mailbox has nothing to fetch or search: wait instead of spinning.
            if result.exists == 0 && stage > 3 { return .pause(seconds: min(1, end - now)) }
            if profile == .fetchFull {
                let items = FetchItems.single(.bodySection(.complete, partial: nil, peek: true))
                return .command(name: "FETCH 1:* BODY.PEEK[]", .fetch(FetchCommand(set: .all, items: items)))
            }
            if profile == .fetchStructure {
                let items = FetchItems.list([.bodyStructure, .envelope, .flags])
                return .command(name: "FETCH 1:* BODYSTRUCTURE ENVELOPE FLAGS", .fetch(FetchCommand(set: .all, items: items)))
            }
            let search = SearchCommand(keys: [.text(ByteString(MessageGenerator.rareWord))])
            return .command(name: "SEARCH TEXT", .search(search))
        case .idle, .mixed, .sync, .stress:
            return .finish
        }
    }
}
