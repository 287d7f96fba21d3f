import TernIMAP

/// sync: a synchroniser like mbsync. Every round (after a pause, exponential with mean `meanThink`):
/// SELECT INBOX, UID FETCH 1:* (UID FLAGS), UID FETCH of the bodies that are new since the last round
/// (the first round treats all but the newest 5 as synced already), UID STORE +FLAGS (\Seen) on one.
public struct SyncScript: SessionScript {
    let credentials: Credentials
    var random: SplitMix64
    let meanThink: Double
    private var stage = 0
    /// Highest UID this client holds locally (nil before the first round).
    private var knownUID: UInt32?

    public init(credentials: Credentials, random: SplitMix64, meanThink: Double) {
        self.credentials = credentials
        self.random = random
        self.meanThink = meanThink
    }

    public mutating func next(after result: StepResult, now: Double, end: Double) -> ScriptStep {
        guard now < end else { return .finish }
        stage += 1
        switch stage {
        case 1: return .command(name: "LOGIN", credentials.login)
        case 2: return .command(name: "SELECT", .selectMailbox("INBOX"))
        case 3:
            let items = FetchItems.list([.uid, .flags])
            return .command(name: "UID FETCH 1:* FLAGS", .fetch(FetchCommand(isUID: true, set: .all, items: items)))
        case 4:
            let known = knownUID ?? (result.maxUID > 5 ? result.maxUID - 5 : 0)
            knownUID = result.maxUID
            if result.maxUID > known {
                let set = SequenceSet([SequenceRange(known + 1, result.maxUID)])
                let items = FetchItems.single(.bodySection(.complete, partial: nil, peek: true))
                return .command(name: "UID FETCH new BODY.PEEK[]", .fetch(FetchCommand(isUID: true, set: set, items: items)))
            }
            return next(after: result, now: now, end: end)
        case 5:
            guard let known = knownUID, known > 0 else { return next(after: result, now: now, end: end) }
            let uid = UInt32(1 + random.next() % UInt64(known))
            let store = StoreCommand(isUID: true, set: SequenceSet([SequenceRange(uid)]), operation: .add,
                                     silent: true, flags: [.seen])
            return .command(name: "UID STORE +FLAGS", .store(store))
        default:
            stage = 1  // the next call starts a new round at SELECT
            let pause = meanThink > 0 ? -meanThink * log(max(1e-12, 1 - random.unit())) : 0
            return .pause(seconds: min(max(pause, 0.001), end - now))
        }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
