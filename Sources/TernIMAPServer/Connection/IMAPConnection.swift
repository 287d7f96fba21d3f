import NIOCore

/// Seam 3: runs one IMAP client from greeting to close.
public struct IMAPConnection {
    /// Runs one client. `startTLS` is called after "OK Begin TLS" has been written; the shell adds the
    /// TLS handler and `inbound` then yields `.tlsEstablished` and, after it, decrypted bytes. Every
    /// `.bytes` received between STARTTLS and `.tlsEstablished` is discarded (injection defence).
    ///
    /// A child task reads `inbound` into a read-ahead buffer of `limits.inboundReadAhead` elements
    /// (back-pressure beyond it); the command loop answers commands in order.
    public static func run<Inbound: AsyncSequence & Sendable>(
        inbound: Inbound, outbound: some IMAPOutbound, startTLS: (@Sendable () async throws -> Void)?,
        info: IMAPConnectionInfo, context: IMAPServerContext
    ) async -> IMAPConnectionEnd where Inbound.Element == IMAPInbound {
        let handoff = BoundedHandoff<IMAPInbound>(capacity: context.limits.inboundReadAhead)
        return await withTaskGroup(of: Void.self, returning: IMAPConnectionEnd.self) { group in
            group.addTask {
                do {
                    for try await element in inbound {
                        guard await handoff.send(element) else { break }
                    }
                } catch {
                    // A read error ends the input like a close does.
                }
                await handoff.finish()
            }
            let session = IMAPSession(
                context: context, info: info, inbound: handoff, outbound: outbound, startTLS: startTLS)
            let end = await session.run()
            await handoff.close()
            group.cancelAll()
            return end
        }
    }
}
