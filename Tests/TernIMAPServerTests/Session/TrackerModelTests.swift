import TernIMAP
import TernMail
import Testing

@testable import TernIMAPServer

/// Seeded random histories: a client that applies the tracker's untagged updates literally must end
/// with exactly the tracker's (and the mailbox's) messages, in order, with the same flags.
@Suite struct TrackerModelTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// What a client knows: UIDs in sequence order (0 = not fetched yet) and flags.
    struct ClientModel {
        var uids: [UInt32]
        var flags: [[Flag]]

        mutating func apply(_ response: UntaggedResponse) {
            switch response {
            case .expunge(let number):
                uids.remove(at: Int(number.rawValue) - 1)
                flags.remove(at: Int(number.rawValue) - 1)
            case .vanished(_, let set):
                for index in uids.indices.reversed() where set.contains(UID(uids[index])) {
                    uids.remove(at: index)
                    flags.remove(at: index)
                }
            case .exists(let count):
                while uids.count < Int(count) {
                    uids.append(0)
                    flags.append([])
                }
            case .fetch(let number, let attributes):
                for attribute in attributes {
                    if case .flags(let value) = attribute { flags[Int(number.rawValue) - 1] = value }
                    if case .uid(let uid) = attribute { uids[Int(number.rawValue) - 1] = uid.rawValue }
                }
            default:
                break
            }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 42, 1234, 99_999])
    func clientFollowsTheTracker(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        var builder = try ViewBuilder()
        var ids: [MessageID] = []
        for _ in 0..<5 { ids.append(try builder.append()) }
        var tracker = SelectedMailboxTracker(view: builder.view)
        var client = ClientModel(uids: builder.view.messages.map(\.uid), flags: builder.view.messages.map { _ in [] })
        let qresync = seed % 2 == 0
        let options = SelectedMailboxTracker.Options(condstore: qresync, qresync: qresync)
        for round in 0..<60 {
            let live = builder.view.messages.map(\.messageID)
            switch random.next() % 4 {
            case 0:
                ids.append(try builder.append())
            case 1 where !live.isEmpty:
                try builder.expunge([live[Int(random.next() % UInt64(live.count))]])
            case 2 where !live.isEmpty:
                let flag = ["\\Seen", "\\Flagged", "$Work"][Int(random.next() % 3)]
                try builder.store(
                    random.next() % 2 == 0 ? .add : .remove, [flag], [live[Int(random.next() % UInt64(live.count))]])
            default:
                break
            }
            let allowExpunge = random.next() % 3 != 0
            guard
                case .updates(let responses) = tracker.update(
                    to: builder.view, options: options, allowExpunge: allowExpunge)
            else {
                Issue.record("seed \(seed) round \(round): unexpected resync")
                return
            }
            for response in responses { client.apply(response) }
            // New messages: the client learns their UIDs from a FETCH; take them from the tracker.
            for index in client.uids.indices where client.uids[index] == 0 {
                client.uids[index] = tracker.messages[index].uid
                client.flags[index] = tracker.flags(of: tracker.messages[index])
            }
            #expect(client.uids == tracker.messages.map(\.uid), "seed \(seed) round \(round)")
            #expect(
                client.flags.map { Set($0) } == tracker.messages.map { Set(tracker.flags(of: $0)) },
                "seed \(seed) round \(round)")
        }
        guard case .updates(let final) = tracker.update(to: builder.view, options: options) else { return }
        for response in final { client.apply(response) }
        #expect(client.uids == builder.view.messages.map(\.uid), "seed \(seed)")
    }
}
