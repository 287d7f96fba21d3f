/// Packing the newest messages' metadata once appends to a mailbox go quiet.
///
/// Appends pack by themselves only every `packThreshold` messages, so without this a mailbox
/// keeps up to 255 of its newest messages as one sealed metadata object each: about five times
/// the cost per message of a packed record in a whole-mailbox FETCH (docs/performance.md), and
/// the newest mail is what clients read most. After a write, the mailbox waits until no write
/// came for `quietPackDelayMillis`, then packs what it wrote (`pack()`, which folds small
/// segments of earlier quiet packs into the new one). When the last session of the account
/// leaves, a pending pack runs at once; graceful shutdown cancels one not yet started and waits
/// for one running.
///
/// One task per mailbox at most: later writes only move its deadline.
struct QuietPackState {
    /// Sleeps until `deadline`, then packs; nil when nothing is pending.
    var task: Task<Void, Never>?
    var deadline: ContinuousClock.Instant = .now
    /// Pack now instead of at the deadline (the last session left).
    var hurry = false
    /// No more quiet packs (shutdown, or the mailbox was deleted or closed).
    var stopped = false
}

extension Mailbox {
    /// After a write that left metadata unpacked: (re)arms the quiet pack.
    func scheduleQuietPack() {
        guard let delay = context.configuration.quietPackDelayMillis, !quietPack.stopped,
            !context.service.backgroundWorkStopped
        else { return }
        quietPack.deadline = .now + .milliseconds(Int64(clamping: delay))
        guard quietPack.task == nil else { return }
        quietPack.task = Task { await self.runQuietPacks() }
    }

    /// Waits for a quiet moment and packs, again while writes came in during a pack.
    private func runQuietPacks() async {
        while !quietPack.stopped && unpackedWrites > 0 {
            while !quietPack.stopped && !quietPack.hurry && ContinuousClock.now < quietPack.deadline {
                // Cancellation only wakes the sleep early (hurry or stop); the loop re-checks.
                try? await Task.sleep(until: quietPack.deadline, clock: .continuous)
            }
            // A pack already running (every `packThreshold` appends) reschedules when it ends.
            guard !quietPack.stopped, !packing, unpackedWrites > 0 else { break }
            // The pack runs in a task of its own: this one may carry the cancellation that woke
            // it, and storage calls must not see that. It is awaited here, so it has an owner.
            await Task { await self.packQuietly() }.value
        }
        quietPack.task = nil
    }

    /// A failure is only logged: every message is durable already, the next pack retries.
    private func packQuietly() async {
        do {
            try await pack()
            // A DELETE of the mailbox (here or elsewhere) that won meanwhile: reclaim what the
            // pack wrote under it, as an APPEND that lost to a DELETE does.
            _ = try await account.confirmLive(mailboxID)
        } catch {
            context.logger.warning(
                "packing the newest messages' metadata failed",
                metadata: ["mailbox_id": "\(storageID)", "error": "\(error)"])
        }
    }

    /// Runs a pending quiet pack now and waits for it (the last session of the account left).
    func packNowIfPending() async {
        guard let task = quietPack.task else { return }
        quietPack.hurry = true
        task.cancel()
        await task.value
        quietPack.hurry = false
    }

    /// No quiet pack starts any more; one already packing is awaited when `wait` is set (a
    /// caller inside the pack itself, the reclaim of a deleted mailbox, must not wait for it).
    func stopQuietPacks(wait: Bool = true) async {
        quietPack.stopped = true
        guard let task = quietPack.task else { return }
        task.cancel()
        if wait { await task.value }
    }

    /// For tests: waits until no quiet pack is pending or running.
    func quietPackSettled() async {
        while let task = quietPack.task { await task.value }
    }
}
