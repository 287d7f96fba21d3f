import Testing
import TernIMAP
@testable import TernLoadCore

@Suite struct ScriptTests {
    static let credentials = Credentials(user: "user7", password: "pw", index: 7)

    /// The command keyword a step puts on the wire (nil for pauses / finish).
    static func keyword(_ step: ScriptStep) -> String? {
        switch step {
        case .command(let name, _): return String(name.split(separator: " ").first ?? "")
        case .append: return "APPEND"
        case .idle: return "IDLE"
        case .reconnect(let logout): return logout ? "LOGOUT" : nil
        case .pause, .finish: return nil
        }
    }

    @Test func mixedFollowsTheRecordedCommandShares() {
        let seed: UInt64 = 11
        var script = Profile.mixed.script(credentials: Self.credentials, seed: seed, think: 1)
        var counts: [String: Int] = [:]
        var now = 0.0
        let result = StepResult(ok: true, exists: 100, maxUID: 100)
        while counts.values.reduce(0, +) < 50_000 {
            let step = script.next(after: result, now: now, end: 1e12)
            if let keyword = Self.keyword(step) { counts[keyword, default: 0] += 1 }
            now += 0.5
        }
        // Counts from docs/internals/real-world-mix.md for the commands the profile sends.
        let recorded: [String: Double] = [
            "FETCH": 1187, "SELECT": 746, "SEARCH": 658, "UNSELECT": 515, "NOOP": 295, "IDLE": 248, "LOGIN": 244,
            "STATUS": 203, "LOGOUT": 169, "LIST": 132, "CHECK": 96, "CAPABILITY": 33, "EXAMINE": 26, "STORE": 23,
            "LSUB": 14, "APPEND": 6,
        ]
        let recordedTotal = recorded.values.reduce(0, +)
        let total = Double(counts.values.reduce(0, +))
        #expect(Set(counts.keys) == Set(recorded.keys), "seed \(seed)")
        for (command, count) in recorded {
            let expected = count / recordedTotal * 100
            let measured = Double(counts[command] ?? 0) / total * 100
            #expect(abs(measured - expected) < 1.0, "seed \(seed): \(command) \(measured) % vs \(expected) %")
        }
    }

    @Test func mixedStartsWithLoginAndStopsAtTheEnd() {
        var script = Profile.mixed.script(credentials: Self.credentials, seed: 1, think: 5)
        #expect(script.next(after: .start, now: 0, end: 100) == .command(name: "LOGIN", Self.credentials.login))
        for _ in 0..<100 {
            switch script.next(after: StepResult(ok: true, exists: 5), now: 50, end: 100) {
            case .idle(let seconds), .pause(let seconds): #expect(seconds <= 50)
            default: break
            }
        }
        #expect(script.next(after: .start, now: 100, end: 100) == .finish)
    }

    @Test func idleLogsInSelectsAndIdlesUntilTheEnd() {
        var script = Profile.idle.script(credentials: Self.credentials, seed: 1, think: 0)
        #expect(script.next(after: .start, now: 0, end: 60) == .command(name: "LOGIN", Self.credentials.login))
        #expect(script.next(after: StepResult(ok: true), now: 1, end: 60) == .command(name: "SELECT", .select(.inbox, parameters: [])))
        #expect(script.next(after: StepResult(ok: true), now: 2, end: 60) == .idle(seconds: 58))
        #expect(script.next(after: StepResult(ok: true), now: 60, end: 60) == .finish)
    }

    @Test func failedLoginEndsTheSession() {
        var script = Profile.idle.script(credentials: Self.credentials, seed: 1, think: 0)
        _ = script.next(after: .start, now: 0, end: 60)
        #expect(script.next(after: StepResult(ok: false), now: 1, end: 60) == .finish)
    }

    @Test func fetchFullRepeatsTheWholeMailboxFetch() {
        var script = Profile.fetchFull.script(credentials: Self.credentials, seed: 1, think: 0)
        _ = script.next(after: .start, now: 0, end: 60)
        _ = script.next(after: StepResult(ok: true), now: 0, end: 60)
        let fetch = ScriptStep.command(name: "FETCH 1:* BODY.PEEK[]", .fetch(FetchCommand(
            set: .all, items: .single(.bodySection(.complete, partial: nil, peek: true)))))
        for _ in 0..<3 { #expect(script.next(after: StepResult(ok: true, exists: 10), now: 1, end: 60) == fetch) }
        #expect(script.next(after: StepResult(ok: true, exists: 0), now: 1, end: 60) == .pause(seconds: 1))
    }

    @Test func appendUsesFreshMessageIndexes() {
        var script = Profile.append.script(credentials: Self.credentials, seed: 1, think: 0)
        _ = script.next(after: .start, now: 0, end: 60)
        var indexes: [Int] = []
        for _ in 0..<3 {
            if case .append(_, _, let user, let index, _) = script.next(after: StepResult(ok: true), now: 1, end: 60) {
                #expect(user == 7)
                indexes.append(index)
            }
        }
        #expect(indexes == [1_000_001, 1_000_002, 1_000_003])
    }

    @Test func syncFetchesOnlyNewBodies() {
        var script = Profile.sync.script(credentials: Self.credentials, seed: 3, think: 1)
        _ = script.next(after: .start, now: 0, end: 600)
        _ = script.next(after: StepResult(ok: true), now: 0, end: 600)  // SELECT
        _ = script.next(after: StepResult(ok: true, exists: 50), now: 0, end: 600)  // UID FETCH 1:* FLAGS
        // First round: everything but the newest 5 counts as synced.
        guard case .command(_, .fetch(let first)) = script.next(after: StepResult(ok: true, exists: 50, maxUID: 50), now: 0, end: 600) else {
            Issue.record("expected a body fetch")
            return
        }
        #expect(first.isUID && first.set == SequenceSet([SequenceRange(46, 50)]))
        guard case .command(_, .store(let store)) = script.next(after: StepResult(ok: true, exists: 50, maxUID: 50), now: 0, end: 600) else {
            Issue.record("expected a flag store")
            return
        }
        #expect(store.isUID && store.flags == [.seen])
        guard case .pause = script.next(after: StepResult(ok: true), now: 0, end: 600) else {
            Issue.record("expected a pause")
            return
        }
        // Next round: two new messages arrived.
        _ = script.next(after: StepResult(ok: true), now: 1, end: 600)  // SELECT
        _ = script.next(after: StepResult(ok: true, exists: 52), now: 1, end: 600)  // FLAGS
        guard case .command(_, .fetch(let second)) = script.next(after: StepResult(ok: true, exists: 52, maxUID: 52), now: 1, end: 600) else {
            Issue.record("expected a body fetch")
            return
        }
        #expect(second.set == SequenceSet([SequenceRange(51, 52)]))
    }

    @Test func provisionCreatesFoldersThenAppends() {
        var script = ProvisionScript(credentials: Self.credentials, messages: 2)
        #expect(script.next(after: .start, now: 0, end: .infinity) == .command(name: "LOGIN", Self.credentials.login))
        for folder in Folders.created {
            #expect(script.next(after: StepResult(ok: true), now: 0, end: .infinity)
                    == .command(name: "CREATE", .create(MailboxName(utf8: folder), parameters: [])))
        }
        // A NO (folder exists) does not stop it.
        #expect(script.next(after: StepResult(ok: false), now: 0, end: .infinity) == .append(name: "APPEND", mailbox: .inbox, user: 7, index: 0))
        #expect(script.next(after: StepResult(ok: true), now: 0, end: .infinity) == .append(name: "APPEND", mailbox: .inbox, user: 7, index: 1))
        #expect(script.next(after: StepResult(ok: true), now: 0, end: .infinity) == .finish)
    }
}

@Suite struct MixedEmptyFolderTests {
    @Test func noMessageCommandsInAnEmptyFolder() {
        var script = Profile.mixed.script(credentials: ScriptTests.credentials, seed: 5, think: 0)
        for _ in 0..<5_000 {
            let step = script.next(after: StepResult(ok: true, exists: 0), now: 1, end: 1e9)
            if case .command(_, .fetch) = step { Issue.record("FETCH in an empty folder: \(step)") }
            if case .command(_, .store) = step { Issue.record("STORE in an empty folder: \(step)") }
        }
    }
}

@Suite struct MixedSequenceRangeTests {
    /// Every message command stays within 1...EXISTS: a sequence number above it is a BAD (the one BAD
    /// of the mixed run came from `exists &- 19` wrapping around in folders of fewer than 20 messages).
    @Test(arguments: [UInt32(1), 5, 19, 20, 21, 100])
    func messageNumbersStayWithinExists(exists: UInt32) {
        let seed: UInt64 = 9
        var script = Profile.mixed.script(credentials: ScriptTests.credentials, seed: seed, think: 0)
        var fetches = 0
        for _ in 0..<5_000 {
            let step = script.next(after: StepResult(ok: true, exists: exists), now: 1, end: 1e9)
            let set: SequenceSet
            switch step {
            case .command(_, .fetch(let fetch)): set = fetch.set
            case .command(_, .store(let store)): set = store.set
            default: continue
            }
            fetches += 1
            guard case .ranges(let ranges) = set else {
                Issue.record("seed \(seed): unexpected set \(set)")
                continue
            }
            for range in ranges {
                guard case .number(let low) = range.lower, case .number(let high) = range.upper else {
                    Issue.record("seed \(seed): unexpected range \(range)")
                    continue
                }
                #expect(1 <= min(low, high) && max(low, high) <= exists, "seed \(seed), exists \(exists): \(step)")
            }
        }
        #expect(fetches > 100)
    }

    @Test func listViewIsTheNewestTwenty() {
        #expect(MixedScript.listViewFirst(exists: 5) == 1)
        #expect(MixedScript.listViewFirst(exists: 20) == 1)
        #expect(MixedScript.listViewFirst(exists: 21) == 2)
        #expect(MixedScript.listViewFirst(exists: 1_000) == 981)
    }
}

@Suite struct FetchStructureTests {
    @Test func repeatsTheMetadataFetch() {
        var script = Profile.fetchStructure.script(credentials: ScriptTests.credentials, seed: 1, think: 0)
        #expect(script.next(after: .start, now: 0, end: 60) == .command(name: "LOGIN", ScriptTests.credentials.login))
        #expect(script.next(after: StepResult(ok: true), now: 0, end: 60) == .command(name: "SELECT", .select(.inbox, parameters: [])))
        let fetch = ScriptStep.command(name: "FETCH 1:* BODYSTRUCTURE ENVELOPE FLAGS", .fetch(FetchCommand(
            set: .all, items: .list([.bodyStructure, .envelope, .flags]))))
        for _ in 0..<3 { #expect(script.next(after: StepResult(ok: true, exists: 10), now: 1, end: 60) == fetch) }
        #expect(ComparisonTable.mainCommand(.fetchStructure) == "FETCH 1:* BODYSTRUCTURE ENVELOPE FLAGS")
    }
}

@Suite struct LoopSelectFailureTests {
    /// A failed SELECT leaves no mailbox selected: the loop selects again instead of sending a
    /// SEARCH / FETCH that can only earn a BAD.
    @Test(arguments: [Profile.fetchFull, .fetchStructure, .searchText])
    func failedSelectIsRetriedNotFollowedByTheLoopCommand(profile: Profile) {
        var script = profile.script(credentials: ScriptTests.credentials, seed: 1, think: 0)
        let select = ScriptStep.command(name: "SELECT", .select(.inbox, parameters: []))
        _ = script.next(after: .start, now: 0, end: 60)  // LOGIN
        #expect(script.next(after: StepResult(ok: true), now: 1, end: 60) == select)
        #expect(script.next(after: StepResult(ok: false), now: 2, end: 60) == .pause(seconds: 1))
        #expect(script.next(after: StepResult(ok: false), now: 3, end: 60) == select)
        guard case .command(_, let command) = script.next(after: StepResult(ok: true, exists: 3), now: 4, end: 60) else {
            Issue.record("\(profile): expected the loop command after a successful SELECT")
            return
        }
        switch command {
        case .fetch, .search: break
        default: Issue.record("\(profile): unexpected \(command)")
        }
    }
}
