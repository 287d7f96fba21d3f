import NIOConcurrencyHelpers

/// One `RowWatchHub` per store directory per `StorageRuntime`, so that every `FileStore` it opens on the
/// same directory (say, for the IMAP and the LMTP service) wakes the same waiters. Hubs are held weakly:
/// a directory's hub lives as long as some `FileStore` on it does, so the registry stays small.
final class FileWatchRegistry: Sendable {
    private final class WeakHub: Sendable {
        private let box: NIOLockedValueBox<Reference>
        struct Reference: @unchecked Sendable {
            // Only read and written under the box's lock.
            weak var hub: RowWatchHub?
        }

        init(_ hub: RowWatchHub) { self.box = NIOLockedValueBox(Reference(hub: hub)) }
        var hub: RowWatchHub? { box.withLockedValue { $0.hub } }
    }

    private let hubs = NIOLockedValueBox<[String: WeakHub]>([:])

    /// The hub for the store at `canonicalRoot` (a resolved absolute path), created if none is alive.
    func hub(forRoot canonicalRoot: String) -> RowWatchHub {
        hubs.withLockedValue { hubs in
            if let alive = hubs[canonicalRoot]?.hub { return alive }
            hubs = hubs.filter { $0.value.hub != nil }
            let hub = RowWatchHub()
            hubs[canonicalRoot] = WeakHub(hub)
            return hub
        }
    }

    /// Fails the waiters of every live hub for good (storage is shutting down).
    func stopAll() {
        for hub in hubs.withLockedValue({ $0.values.compactMap(\.hub) }) { hub.stop() }
    }
}
