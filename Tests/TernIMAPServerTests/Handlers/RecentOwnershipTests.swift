import Testing

@testable import TernIMAPServer

/// Whole sessions for issue 13 point 9: \Recent belongs to exactly one session of a process, and
/// STATUS RECENT of a mailbox nobody has looked at counts what the next SELECT will see as recent.
@Suite struct RecentOwnershipTests {
    /// RFC 3501 2.3.2: a message arriving while two read-write sessions have the mailbox selected is
    /// \Recent in exactly one of them, also when both are told of it at the same time.
    @Test func rfc3501_2_3_2_arrivalIsRecentInExactlyOneSession() async throws {
        let world = try await TestMailWorld()
        let first = try await world.connect()
        let second = try await world.connect()
        let writer = try await world.connect()
        _ = await first.loginAndSelect()
        _ = await second.loginAndSelect()
        _ = await writer.command("l", "LOGIN alice hunter2")
        for round in 1...3 {
            await ProtocolParityTests.append(writer, tag: "a\(round)")
            // Both sessions learn of the arrival concurrently.
            first.send("n\(round) NOOP\r\n")
            second.send("n\(round) NOOP\r\n")
            _ = await first.readUntil(tag: "n\(round)")
            _ = await second.readUntil(tag: "n\(round)")
            let seenByFirst = await first.command("f\(round)", "FETCH \(round) FLAGS")
            let seenBySecond = await second.command("f\(round)", "FETCH \(round) FLAGS")
            let recentIn = [seenByFirst, seenBySecond].filter { $0.first?.contains("\\Recent") == true }
            #expect(recentIn.count == 1, "round \(round): \(seenByFirst) \(seenBySecond)")
        }
        // A later SELECT claims nothing already claimed.
        let third = try await world.connect()
        #expect(await third.loginAndSelect().contains("* 0 RECENT"))
        for client in [first, second, third, writer] { _ = await client.logout() }
    }

    /// RFC 3501 6.3.10 with 2.3.2: STATUS RECENT of a mailbox nobody selected since two messages
    /// arrived is 2 (what the next SELECT shows), and 0 once a read-write SELECT claimed them.
    @Test func rfc3501_6_3_10_statusRecentCountsUnclaimedArrivals() async throws {
        let world = try await TestMailWorld()
        let client = try await world.connect()
        _ = await client.command("l", "LOGIN alice hunter2")
        _ = await client.command("c", "CREATE Box")
        _ = await client.command("s", "SELECT Box")
        _ = await client.command("u", "UNSELECT")
        await ProtocolParityTests.append(client, tag: "a1", mailbox: "Box")
        await ProtocolParityTests.append(client, tag: "a2", mailbox: "Box")
        #expect(
            await client.command("st1", "STATUS Box (MESSAGES RECENT)") == [
                "* STATUS Box (MESSAGES 2 RECENT 2)", "st1 OK STATUS completed",
            ])
        let other = try await world.connect()
        #expect(await other.loginAndSelect("Box").contains("* 2 RECENT"))
        #expect(
            await client.command("st2", "STATUS Box (RECENT)") == [
                "* STATUS Box (RECENT 0)", "st2 OK STATUS completed",
            ])
        _ = await other.logout()
        #expect(await client.logout() == .logout)
    }
}
