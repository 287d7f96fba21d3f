import NIOConcurrencyHelpers

/// The watch on S3: one listing poll per watched partition per `StorageRuntime`, shared by every waiter
/// through a `RowWatchHub`. The poller lists the partition after the newest key it has seen and
/// signals the hub with the newest key it finds; while nothing changes it waits `minPollInterval`,
/// doubling to `maxPollInterval`, and it goes back to the minimum as soon as a poll finds something.
enum S3WatchPoller {
    /// The poll loop for one partition; returns when its task is cancelled (last waiter gone).
    static func run(client: S3Client, rowRoot: String, partition: String, hub: RowWatchHub) async {
        let configuration = client.configuration
        let prefix = rowRoot + partition + "/"
        var interval = configuration.minPollInterval
        var newest: String?
        while !Task.isCancelled {
            guard let lowest = hub.lowestPosition(partition: partition) else { return }
            // Start after what this poller has seen, or the lowest waiter's position if that is later
            // (a waiter may already know rows the poller never listed).
            var cursor: String? = newest
            if case .after(let position) = lowest, cursor.map({ StorageKey.precedes($0, position) }) ?? true {
                cursor = position
            }
            var found = false
            do {
                var token: String?
                repeat {
                    let page = try await client.listObjects(
                        prefix: prefix, startAfter: token == nil ? cursor.map { prefix + $0 } : nil,
                        continuationToken: token, delimiter: "/")
                    if let last = page.objects.last, let key = try? S3Store.strip(prefix, from: last.key) {
                        newest = key
                        found = true
                    }
                    token = page.nextContinuationToken
                } while token != nil && !Task.isCancelled
            } catch {
                if Task.isCancelled { return }
                client.logger.warning(
                    "S3 watch poll failed; retrying", metadata: ["partition": "\(partition)", "error": "\(error)"])
            }
            if found, let newest {
                hub.signal(partition: partition, newestKey: newest)
                interval = configuration.minPollInterval
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            if !found {
                interval = min(interval * 2, configuration.maxPollInterval)
            }
        }
    }
}

/// One `RowWatchHub` per bucket, prefix and access key in a `StorageRuntime`, so that every `S3Store`
/// it opens on the same location shares one poller per partition.
final class S3WatchRegistry: Sendable {
    private let hubs = NIOLockedValueBox<[String: RowWatchHub]>([:])

    func hub(for client: S3Client, rowRoot: String) -> RowWatchHub {
        let location = client.configuration.location
        let key = [location.endpoint, location.bucket, rowRoot, client.configuration.credentials.accessKeyID]
            .joined(separator: "\u{0}")
        return hubs.withLockedValue { hubs in
            if let hub = hubs[key] { return hub }
            let hub = RowWatchHub(poller: { partition, hub in
                await S3WatchPoller.run(client: client, rowRoot: rowRoot, partition: partition, hub: hub)
            })
            hubs[key] = hub
            return hub
        }
    }

    /// Stops every hub's pollers for good and fails its waiters (storage is shutting down).
    func stopAll() {
        for hub in hubs.withLockedValue({ Array($0.values) }) { hub.stop() }
    }
}
