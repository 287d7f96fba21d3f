/// Decides, for one copy at commit, whether this delivery repeats an earlier attempt that got
/// through (Postfix retries a recipient whose 250 it never read, e.g. after a crash). Pure: the
/// shell (`MailService.checkRetry`) performs each read it asks for and feeds the answer back.
///
/// An earlier attempt X wrote, in order: its parts, its marker (naming X), its queue row. The
/// import later writes X into INBOX's log, then deletes X's parts (part 0 first), then X's row.
/// So, with the marker naming X and younger than the window:
/// - X's queue row exists: X is queued, so this is a retry.
/// - no row, X's part 0 exists: X never wrote its row (crash or failure between marker and row)
///   and is not in any mailbox. Deliver. (The row is read before the part: an import that deletes
///   both in between still left the part gone first, so no "part present, row gone" of a
///   committed X is ever seen.)
/// - no row, no part 0: X was imported, or X's own commit failed and it is removing its marker
///   and then its parts. Reading the marker again tells them apart: a failed X deletes its marker
///   before its parts, and nothing writes a marker naming X again. Still naming X: a retry.
struct DeliveryRetryCheck: Sendable {
    enum Action: Hashable, Sendable {
        case readQueueRow(incomingID: String)
        case readFirstPart(incomingID: String)
        case rereadMarker
        /// Not a retry: write this attempt's marker, then its queue row.
        case deliver
        /// A retry of `incomingID`: drop this attempt's parts and answer with that id.
        case duplicate(of: String)
    }

    private enum State: Hashable, Sendable {
        case awaitingMarker
        case awaitingQueueRow(DeliveryMarker)
        case awaitingFirstPart(DeliveryMarker)
        case awaitingReread(DeliveryMarker)
        case decided
    }

    private var state = State.awaitingMarker
    private let nowMillis: UInt64
    private let windowMillis: UInt64

    init(nowMillis: UInt64, windowMillis: UInt64) {
        self.nowMillis = nowMillis
        self.windowMillis = windowMillis
    }

    /// `marker`: the row's marker, nil when there is none or it fails its tag.
    mutating func markerRead(_ marker: DeliveryMarker?) -> Action {
        guard case .awaitingMarker = state else { return unexpected() }
        guard let marker, isCurrent(marker) else { return decide(.deliver) }
        state = .awaitingQueueRow(marker)
        return .readQueueRow(incomingID: marker.incomingID)
    }

    mutating func queueRowRead(exists: Bool) -> Action {
        guard case .awaitingQueueRow(let marker) = state else { return unexpected() }
        if exists { return decide(.duplicate(of: marker.incomingID)) }
        state = .awaitingFirstPart(marker)
        return .readFirstPart(incomingID: marker.incomingID)
    }

    mutating func firstPartRead(exists: Bool) -> Action {
        guard case .awaitingFirstPart(let marker) = state else { return unexpected() }
        if exists { return decide(.deliver) }
        state = .awaitingReread(marker)
        return .rereadMarker
    }

    mutating func markerReread(_ marker: DeliveryMarker?) -> Action {
        guard case .awaitingReread(let first) = state else { return unexpected() }
        return decide(marker == first ? .duplicate(of: first.incomingID) : .deliver)
    }

    private func isCurrent(_ marker: DeliveryMarker) -> Bool {
        marker.isCurrent(nowMillis: nowMillis, windowMillis: windowMillis)
    }

    private mutating func decide(_ action: Action) -> Action {
        state = .decided
        return action
    }

    /// An answer out of order is a bug in the shell; delivering again can duplicate, never lose.
    private mutating func unexpected() -> Action {
        assertionFailure("DeliveryRetryCheck fed out of order in \(state)")
        return decide(.deliver)
    }
}
