import Foundation
import Logging
import TernMail
import TernStorage

extension ServerRuntime {
    /// Checks the storage's deployment marker, then claims the configured writer slot (or a free one) for a new
    /// incarnation; the keeper renews it from then on (`WriterSlotService`). Fails with a message saying what to
    /// do when the secret does not match the storage or the slot is held.
    static func claimWriterSlot(
        configuration: ServerConfiguration, rows: any RowStore, deploymentSecret: [UInt8], logger: Logger
    ) async throws -> SlotLeaseKeeper {
        let timing = SlotTiming(
            visibilityDelayMillis: UInt64(configuration.effectiveVisibilityDelayMillis),
            leaseMillis: UInt64(configuration.writerLeaseSeconds) * 1000)
        try await DeploymentMarker.verify(
            rows: rows, deploymentSecret: deploymentSecret, secretFile: configuration.deploymentSecretFile,
            timing: timing)
        let claimer = SlotClaimer(
            rows: rows, timing: timing, incarnation: UInt64.random(in: 1...UInt64.max),
            holder: "\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)",
            nowMillis: MailService.wallClock, logger: logger)
        let request: SlotClaimer.Request
        switch configuration.writerSlot {
        case .auto: request = .automatic
        case .fixed(let slot): request = .fixed(slot)
        }
        let slot = try await claimer.claim(request)
        return SlotLeaseKeeper(slot: slot, claimer: claimer)
    }
}
