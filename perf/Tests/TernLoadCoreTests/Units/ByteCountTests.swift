import Testing
@testable import TernLoadCore

@Suite struct ByteCountTests {
    @Test func suffixes() {
        #expect(ByteCount.parse("2GiB") == 2 * 1_073_741_824)
        #expect(ByteCount.parse("168mib") == 168 * 1_048_576)
        #expect(ByteCount.parse("100KB") == 100_000)
        #expect(ByteCount.parse("3g") == 3_000_000_000)
        #expect(ByteCount.parse("1000000") == 1_000_000)
        #expect(ByteCount.parse("12b") == 12)
    }

    @Test func rejectsGarbageAndHugeValues() {
        #expect(ByteCount.parse("") == nil)
        #expect(ByteCount.parse("GiB") == nil)
        #expect(ByteCount.parse("1.5GiB") == nil)
        #expect(ByteCount.parse("2 GiB") == nil)
        #expect(ByteCount.parse("2TiB") == nil)
        #expect(ByteCount.parse("2000GiB") == nil)
        #expect(ByteCount.parse("99999999999999999999999") == nil)
    }
}
