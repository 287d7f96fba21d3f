import Testing

@testable import TernIMAPServer

/// Whole sessions for issue 13 point 4: CONDSTORE enabled by use, and the MODSEQ of ESEARCH MIN/MAX.
@Suite struct CondstoreDetailTests {
    /// The number in `MODSEQ (n)` of a FETCH line, or in `[HIGHESTMODSEQ n]` of a tagged line.
    static func number(after marker: String, in line: String) -> UInt64? {
        guard let range = line.range(of: marker) else { return nil }
        return UInt64(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// RFC 7162 3.1 (CONDSTORE-enabling commands) and 3.1.2/3.1.3: `FETCH n (MODSEQ)` on a mailbox
    /// selected without CONDSTORE enables it, and that command's tagged OK carries
    /// `[HIGHESTMODSEQ n]` (as Dovecot answers); later commands do not repeat it.
    @Test func rfc7162_3_1_fetchModSeqEnablesCondstoreWithHighestModSeq() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        for index in 1...3 { await ProtocolParityTests.append(client, tag: "a\(index)") }
        _ = await client.command("s", "SELECT INBOX")
        _ = await client.command("t", "STORE 2 +FLAGS (\\Flagged)")
        let first = await client.command("f1", "FETCH 1 (MODSEQ)")
        #expect(first.first?.hasPrefix("* 1 FETCH (MODSEQ (") == true, "\(first)")
        let tagged = try #require(first.last)
        #expect(tagged.hasPrefix("f1 OK [HIGHESTMODSEQ "), "\(first)")
        let announced = try #require(Self.number(after: "[HIGHESTMODSEQ ", in: tagged))
        let all = await client.command("f2", "FETCH 1:* (MODSEQ)")
        let modSeqs = all.compactMap { Self.number(after: "MODSEQ (", in: $0) }
        #expect(modSeqs.count == 3)
        #expect(announced >= modSeqs.max() ?? 0, "\(first) \(all)")
        #expect(all.last == "f2 OK FETCH completed")
        // The value is the mailbox's HIGHESTMODSEQ, as STATUS reports it to another session.
        let other = try await world.connect()
        _ = await other.command("l", "LOGIN alice hunter2")
        let status = await other.command("st", "STATUS INBOX (HIGHESTMODSEQ)")
        #expect(status.first == "* STATUS INBOX (HIGHESTMODSEQ \(announced))", "\(status)")
        _ = await other.logout()
        #expect(await client.logout() == .logout)
    }

    /// RFC 7162 3.1 (SEARCH MODSEQ enables CONDSTORE): its tagged OK also carries HIGHESTMODSEQ.
    @Test func rfc7162_3_1_searchModSeqEnablesCondstoreWithHighestModSeq() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        await ProtocolParityTests.append(client, tag: "a1")
        _ = await client.command("s", "SELECT INBOX")
        let answer = await client.command("q", "SEARCH MODSEQ 1")
        #expect(answer.last?.hasPrefix("q OK [HIGHESTMODSEQ ") == true, "\(answer)")
        #expect(await client.command("q2", "SEARCH MODSEQ 1").last == "q2 OK SEARCH completed")
        #expect(await client.logout() == .logout)
    }

    /// RFC 7162 3.1.5 with RFC 4731: with RETURN (MIN) or (MAX) only, the ESEARCH MODSEQ is that of
    /// the message returned, not the highest of all matches; with ALL it is the highest.
    @Test func rfc7162_3_1_5_esearchMinMaxReportTheirOwnModSeq() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        for index in 1...3 { await ProtocolParityTests.append(client, tag: "a\(index)") }
        _ = await client.command("s", "SELECT INBOX (CONDSTORE)")
        _ = await client.command("t", "STORE 2 +FLAGS.SILENT (\\Flagged)")  // message 2 is the newest change
        let fetched = await client.command("f", "FETCH 1:* (MODSEQ)")
        let modSeqs = fetched.compactMap { Self.number(after: "MODSEQ (", in: $0) }
        try #require(modSeqs.count == 3)
        #expect(modSeqs[1] > modSeqs[0] && modSeqs[1] > modSeqs[2], "\(fetched)")
        #expect(
            await client.command("q1", "SEARCH RETURN (MIN) MODSEQ 1") == [
                "* ESEARCH (TAG \"q1\") MIN 1 MODSEQ \(modSeqs[0])", "q1 OK SEARCH completed",
            ])
        #expect(
            await client.command("q2", "SEARCH RETURN (MAX) MODSEQ 1") == [
                "* ESEARCH (TAG \"q2\") MAX 3 MODSEQ \(modSeqs[2])", "q2 OK SEARCH completed",
            ])
        #expect(
            await client.command("q3", "SEARCH RETURN (MIN MAX) MODSEQ 1") == [
                "* ESEARCH (TAG \"q3\") MIN 1 MAX 3 MODSEQ \(max(modSeqs[0], modSeqs[2]))", "q3 OK SEARCH completed",
            ])
        #expect(
            await client.command("q4", "SEARCH RETURN (MIN ALL) MODSEQ 1") == [
                "* ESEARCH (TAG \"q4\") MIN 1 ALL 1:3 MODSEQ \(modSeqs[1])", "q4 OK SEARCH completed",
            ])
        #expect(await client.logout() == .logout)
    }
}
