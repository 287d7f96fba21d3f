import TernIMAP
import Testing

@testable import TernIMAPServer

@Suite struct SequenceResolverTests {
    let uids: [UInt32] = [3, 5, 9, 10, 20]

    func set(_ ranges: SequenceRange...) -> SequenceSet { .ranges(ranges) }

    @Test func sequenceNumbersWithStarAndReversedRanges() throws {
        #expect(try SequenceResolver.resolve(set(SequenceRange(2, 3)), isUID: false, uids: uids) == [1, 2])
        #expect(
            try SequenceResolver.resolve(set(SequenceRange(.last, .number(4))), isUID: false, uids: uids) == [3, 4])
        #expect(try SequenceResolver.resolve(set(SequenceRange(.last)), isUID: false, uids: uids) == [4])
        #expect(
            try SequenceResolver.resolve(
                set(SequenceRange(1), SequenceRange(1, 2), SequenceRange(5)), isUID: false, uids: uids)
                == [0, 1, 4])
    }

    @Test func sequenceNumbersOutOfRangeAreAnError() {
        #expect(throws: SequenceResolver.Failure.self) {
            try SequenceResolver.resolve(set(SequenceRange(6)), isUID: false, uids: uids)
        }
        #expect(throws: SequenceResolver.Failure.self) {
            try SequenceResolver.resolve(set(SequenceRange(0)), isUID: false, uids: uids)
        }
        #expect(throws: SequenceResolver.Failure.self) {
            try SequenceResolver.resolve(set(SequenceRange(1)), isUID: false, uids: [])
        }
    }

    @Test func starOnAnEmptyMailboxSelectsNothing() throws {
        #expect(try SequenceResolver.resolve(.all, isUID: false, uids: []) == [])
        #expect(try SequenceResolver.resolve(.all, isUID: true, uids: []) == [])
    }

    @Test func uidsIgnoreMissingOnesAndStarIsTheLargest() throws {
        #expect(try SequenceResolver.resolve(set(SequenceRange(4, 9)), isUID: true, uids: uids) == [1, 2])
        #expect(try SequenceResolver.resolve(set(SequenceRange(4)), isUID: true, uids: uids) == [])
        // n:* includes the last message even when n is above every UID.
        #expect(try SequenceResolver.resolve(set(SequenceRange(.number(100), .last)), isUID: true, uids: uids) == [4])
        #expect(try SequenceResolver.resolve(set(SequenceRange(1, 1000)), isUID: true, uids: uids) == [0, 1, 2, 3, 4])
    }

    @Test func savedResultIsTheEmptySetWhenNothingWasSaved() throws {
        #expect(try SequenceResolver.resolve(.lastSearchResult, isUID: true, uids: uids) == [])
        #expect(
            try SequenceResolver.resolve(.lastSearchResult, isUID: true, uids: uids, savedResult: [20, 3, 4]) == [0, 4])
    }

    @Test func uidSetCompression() {
        #expect(UIDSet.compressing([5, 1, 2, 3, 9]) == UIDSet([UID(1)...UID(3), UID(5)...UID(5), UID(9)...UID(9)]))
        #expect(UIDSet.compressing([]) == nil)
        #expect(UIDSet.inOrder([7, 8, 2]) == UIDSet([UID(7)...UID(8), UID(2)...UID(2)]))
    }
}
