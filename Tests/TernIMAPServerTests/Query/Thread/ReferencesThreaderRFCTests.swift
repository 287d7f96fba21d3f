import Foundation
import TernIMAP
import Testing

@testable import TernIMAPServer

/// THREAD=REFERENCES against RFC 5256 §4 step by step, and its cost on large mailboxes
/// (issue 13 point 10).
@Suite struct ReferencesThreaderRFCTests {
    static func keys(
        _ number: UInt32, date: Int64, subject: String = "", id: String? = nil, references: [String] = []
    ) -> ThreadKeys {
        ThreadKeys(sequenceNumber: number, uid: number * 64, date: date, subject: subject, messageID: id, references: references)
    }

    static func render(_ threads: [ThreadList]) -> String {
        func one(_ thread: ThreadList) -> String {
            let numbers = thread.messages.map(String.init).joined(separator: " ")
            let nested = thread.children.map(one).joined()
            return "(" + numbers + (numbers.isEmpty || nested.isEmpty ? "" : " ") + nested + ")"
        }
        return threads.map(one).joined()
    }

    static func thread(_ items: [ThreadKeys]) -> String {
        render(ReferencesThreader.thread(items, uid: false))
    }

    /// Dovecot's imaptest `thread` script: step 1A links c -> a from message 2's References, 1B puts
    /// b below a; message 3's own reference to b would make a loop and is ignored (RFC 5256 §4 1B).
    @Test func rfc5256_4_1_loopsAreNotLinked() {
        let items = [
            Self.keys(1, date: 17, id: "a@b"),
            Self.keys(2, date: 15, id: "b@b", references: ["c@b", "a@b"]),
            Self.keys(3, date: 16, id: "c@b", references: ["b@b"]),
        ]
        #expect(Self.thread(items) == "(3 1 2)")
        // After message 1 is expunged its container stays as a dummy and is pruned (step 4B).
        let afterExpunge = [
            Self.keys(1, date: 15, id: "b@b", references: ["c@b", "a@b"]),
            Self.keys(2, date: 16, id: "c@b", references: ["b@b"]),
        ]
        #expect(Self.thread(afterExpunge) == "(2 1)")
    }

    /// RFC 5256 §4 1B: message 2's References put c below a (1A); message 3 (c) then names b, its
    /// own descendant, as parent. Its old link is broken first and the looping one is not made, so c
    /// heads its own thread: `(3 2)(1)`, where Tern used to keep c below a: `(1 3 2)`.
    @Test func rfc5256_4_1B_theOldParentLinkIsBrokenEvenWhenTheNewOneWouldLoop() {
        let items = [
            Self.keys(1, date: 17, id: "a@b"),
            Self.keys(2, date: 15, id: "b@b", references: ["a@b", "c@b"]),
            Self.keys(3, date: 16, id: "c@b", references: ["b@b"]),
        ]
        #expect(Self.thread(items) == "(3 2)(1)")
    }

    /// RFC 5256 §4 step 7: siblings are sorted the deepest first, so a top-level dummy is placed by
    /// its earliest child, including a message the subject merge (step 6) gave it.
    @Test func rfc5256_4_7_dummyIsPlacedByItsEarliestChildAfterTheMerge() {
        let items = [
            Self.keys(1, date: 4, subject: "Other", id: "m@x"),
            Self.keys(2, date: 5, subject: "Topic", id: "x@x", references: ["p@x"]),
            Self.keys(3, date: 6, subject: "Topic", id: "y@x", references: ["p@x"]),
            Self.keys(4, date: 1, subject: "Topic", id: "r@x"),
        ]
        #expect(Self.thread(items) == "((4)(2)(3))(1)")
    }

    /// RFC 5256 §4 step 6B: a dummy in the subject table stays there even when a later root is a
    /// message that is no reply; the message then joins the dummy (step 6C).
    @Test func rfc5256_4_6_dummyKeepsItsPlaceInTheSubjectTable() {
        let items = [
            Self.keys(1, date: 1, subject: "Re: Topic", id: "x@x", references: ["p@x"]),
            Self.keys(2, date: 2, subject: "Re: Topic", id: "y@x", references: ["p@x"]),
            Self.keys(3, date: 3, subject: "Topic", id: "z@x"),
        ]
        #expect(Self.thread(items) == "((1)(2)(3))")
    }

    /// A 20,000-message reply chain in arrival order, each message naming its last 100 ancestors: the
    /// loop checks walk no chains (they used to walk to the root for every message: quadratic).
    @Test func longReplyChainsLinkQuickly() {
        var items: [ThreadKeys] = []
        for number in 1...20_000 {
            let references = (max(1, number - 100)..<number).map { "m\($0)@x" }
            items.append(Self.keys(UInt32(number), date: Int64(number), subject: "Re: chain", id: "m\(number)@x", references: references))
        }
        let start = Date()
        let threads = ReferencesThreader.thread(items, uid: false)
        #expect(threads.count == 1)
        #expect(Date().timeIntervalSince(start) < 60)
    }

    /// 60,000 top-level messages in 30,000 subject pairs: the merge pass used to search and edit the
    /// root list per root (quadratic: minutes); now it is linear after the sort.
    @Test func manyRootsThreadQuickly() {
        let items = (1...60_000).map { number in
            Self.keys(UInt32(number), date: Int64(number), subject: "Subject \(number % 30_000)", id: "m\(number)@x")
        }
        let start = Date()
        let threads = ReferencesThreader.thread(items, uid: false)
        #expect(threads.count == 30_000)
        #expect(Date().timeIntervalSince(start) < 20)
    }
}
