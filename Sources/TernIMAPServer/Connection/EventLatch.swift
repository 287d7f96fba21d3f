import NIOConcurrencyHelpers

/// The first of several racing events, handed to one waiting task. Event sources (a timer, the
/// wake registry, the socket) call `fire` from any thread; later events are dropped. Lets a
/// session wait for "input, a mailbox change or a deadline" without a child task per event.
final class EventLatch<Event: Sendable>: Sendable {
    private struct State: Sendable {
        var event: Event?
        var waiter: CheckedContinuation<Event, Never>?
    }

    private let state = NIOLockedValueBox(State())

    func fire(_ event: Event) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Event, Never>? in
            guard state.event == nil else { return nil }
            state.event = event
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: event)
    }

    /// The first event, waiting for it if none fired yet; `cancelled` when the task is cancelled.
    func wait(cancelled: Event) async -> Event {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Event, Never>) in
                let fired = state.withLockedValue { state -> Event? in
                    if let event = state.event { return event }
                    state.waiter = continuation
                    return nil
                }
                if let fired { continuation.resume(returning: fired) }
            }
        } onCancel: {
            fire(cancelled)
        }
    }
}
