import Testing
import TernIMAP
@testable import TernLoadCore

/// The stress workload without sockets: its set-up, and that it only deletes what it appended.
@Suite struct StressScriptTests {
    static func script(index: Int) -> StressScript {
        StressScript(credentials: Credentials(user: "user1", password: "pw", index: index), random: SplitMix64(seed: 3))
    }

    static func ok(_ code: ResponseCode? = nil) -> SessionEvent {
        .tagged(TaggedResponse(tag: Tag("a1")!, status: .ok, text: ResponseText(code: code, text: "done")), at: 1)
    }

    static func name(_ step: ScriptStep) -> String {
        switch step {
        case .command(let name, _), .append(let name, _, _, _, _): return name
        default: return "\(step)"
        }
    }

    @Test func anOddSessionEnablesQresyncThenCreatesItsFolderAndSelects() {
        var script = Self.script(index: 3)
        var names: [String] = []
        names.append(Self.name(script.next(after: .start, now: 0, end: 60)))
        _ = script.observe(Self.ok())
        names.append(Self.name(script.next(after: .start, now: 0, end: 60)))
        _ = script.observe(.untagged(.capability([.imap4rev1, .qresync, .uidPlus])))
        _ = script.observe(Self.ok())
        for _ in 0..<4 {
            names.append(Self.name(script.next(after: .start, now: 0, end: 60)))
            _ = script.observe(Self.ok())
        }
        #expect(names == ["LOGIN", "CAPABILITY", "ENABLE", "LIST", "CREATE", "SELECT"])
        #expect(script.next(after: .start, now: 60, end: 60) == .finish)
    }

    @Test func anEvenSessionSkipsEnableAndAnExistingFolder() {
        var script = Self.script(index: 2)
        var names: [String] = []
        for _ in 0..<4 {
            names.append(Self.name(script.next(after: .start, now: 0, end: 60)))
            if names.last == "CAPABILITY" { _ = script.observe(.untagged(.capability([.qresync]))) }
            if names.last == "LIST" {
                let item = MailboxListItem(attributes: [], delimiter: UInt8(ascii: "/"), mailbox: MailboxName(utf8: "StressOther2"), extended: [])
                _ = script.observe(.untagged(.list(item)))
            }
            _ = script.observe(Self.ok())
        }
        #expect(names == ["LOGIN", "CAPABILITY", "LIST", "SELECT"])
    }

    @Test func aNoAnswerIsAViolation() {
        var script = Self.script(index: 2)
        _ = script.next(after: .start, now: 0, end: 60)
        let findings = script.observe(.tagged(TaggedResponse(tag: Tag("a1")!, status: .no, text: ResponseText(code: .unavailable, text: "busy")), at: 1))
        guard case .violation(let violation) = findings.first else {
            Issue.record("no violation in \(findings)")
            return
        }
        #expect(violation.kind == .noOrBad)
        #expect(violation.detail.hasPrefix("LOGIN: NO ") && violation.detail.hasSuffix(" busy"), "\(violation.detail)")
    }

    /// Runs the script against a tiny in-memory mailbox that answers everything correctly: no
    /// violations, and every deletion (\Deleted, UID EXPUNGE, UID MOVE) names a UID it appended.
    @Test func itDeletesOnlyMessagesItAppendedAndFindsNothingInACorrectServer() {
        var script = Self.script(index: 1)
        var uids: [UInt32] = [1, 2, 3]  // other sessions' messages
        var flags: [UInt32: Set<Flag>] = [1: [], 2: [.seen], 3: []]
        var announced: Set<Flag> = [.seen, .flagged, .deleted]
        var mine: Set<UInt32> = []
        var nextUID: UInt32 = 4
        var commands: [String: Int] = [:]
        var findings: [StressFinding] = []
        func answer(_ responses: [UntaggedResponse], code: ResponseCode? = nil) {
            for response in responses { findings += script.observe(.untagged(response)) }
            findings += script.observe(Self.ok(code))
        }
        func targets(_ set: SequenceSet) -> [UInt32] {
            guard case .ranges(let ranges) = set else { return [] }
            return ranges.compactMap { range in if case .number(let uid) = range.lower { return uid } else { return nil } }
        }
        func announce(_ new: [Flag]) -> [UntaggedResponse] {
            guard !Set(new).isSubset(of: announced) else { return [] }
            announced.formUnion(new)
            return [.flags(announced.sorted { $0.rawValue < $1.rawValue })]
        }
        func expunge(_ gone: [UInt32]) -> [UntaggedResponse] {
            var responses: [UntaggedResponse] = []
            for uid in gone {
                guard let position = uids.firstIndex(of: uid) else { continue }
                responses.append(.expunge(SequenceNumber(UInt32(position + 1))))
                uids.remove(at: position)
                mine.remove(uid)
            }
            return responses
        }
        for _ in 0..<3000 {
            let step = script.next(after: .start, now: 0, end: 60)
            findings += script.observe(.sent(at: 0))
            commands[Self.name(step), default: 0] += 1
            switch step {
            case .append(_, _, _, _, let appendFlags):
                let uid = nextUID
                nextUID += 1
                uids.append(uid)
                flags[uid] = Set(appendFlags)
                mine.insert(uid)
                answer(announce(appendFlags) + [.exists(UInt32(uids.count))], code: .appendUID(uidValidity: 1, uids: UIDSet(UID(uid))))
            case .command(_, .select):
                answer([.flags(announced.sorted { $0.rawValue < $1.rawValue }), .status(.ok, ResponseText(code: .uidValidity(1), text: "")),
                        .exists(UInt32(uids.count))])
            case .command(_, .fetch):
                answer(uids.enumerated().map { .fetch(SequenceNumber(UInt32($0.offset + 1)), [.uid(UID($0.element)), .flags(Array(flags[$0.element]!))]) })
            case .command(_, .store(let store)):
                if store.flags == [.deleted] { #expect(targets(store.set).allSatisfy(mine.contains)) }
                for uid in targets(store.set) where flags[uid] != nil {
                    if store.operation == .add { flags[uid]!.formUnion(store.flags) } else { flags[uid]!.subtract(store.flags) }
                }
                answer(announce(store.flags))
            case .command(_, .search(let search)):
                if search.isUID {
                    answer([.search(uids.filter { flags[$0]!.contains(script.model.ownKeyword) }, modSeq: nil)])
                } else {
                    answer([.search(uids.indices.map { UInt32($0 + 1) }, modSeq: nil)])
                }
            case .command(_, .uidExpunge(let set)):
                #expect(targets(set).allSatisfy(mine.contains))
                answer(expunge(targets(set).filter { flags[$0]!.contains(.deleted) }))
            case .command(_, .move(let move)):
                #expect(targets(move.set).allSatisfy(mine.contains))
                answer(expunge(targets(move.set)))
            case .command(_, .expunge):
                answer(expunge(uids.filter { flags[$0]!.contains(.deleted) }))
            default:
                answer([])
            }
        }
        let violations = findings.filter { if case .violation = $0 { return true } else { return false } }
        #expect(violations.isEmpty, "\(violations.prefix(5))")
        // What the shell hands to the FlagLedger: own-keyword STOREs sent and answered, flags shown.
        #expect(findings.contains { if case .ownKeywordStoreSent = $0 { return true } else { return false } })
        #expect(findings.contains { if case .ownKeywordStored = $0 { return true } else { return false } })
        #expect(findings.contains { if case .flagsShown = $0 { return true } else { return false } })
        #expect(findings.contains { if case .ownMessageDeleting = $0 { return true } else { return false } })
        for command in ["APPEND", "UID STORE", "UID STORE \\Deleted", "UID EXPUNGE", "EXPUNGE", "UID MOVE", "UID COPY",
                        "FETCH 1:* (UID FLAGS)", "UID FETCH header", "SEARCH ALL", "UID SEARCH KEYWORD", "NOOP"] {
            #expect(commands[command, default: 0] > 0, "\(command) in \(commands)")
        }
    }
}
