import NIOCore

extension S3Store {
    func rowPrefix(_ partition: String) -> String {
        rowRoot + partition + "/"
    }

    public func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try StorageKey.validateRowWrite(partition: partition, sort: sort, value: value)
        let ifAbsent = condition == .ifAbsent && capabilities.conditionalCreate
        try await client.putObject(key: rowPrefix(partition) + sort, body: value, ifAbsent: ifAbsent)
    }

    public func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateSortKey(sort)
        return try await readRow(key: rowPrefix(partition) + sort)
    }

    public func delete(partition: String, sort: String) async throws {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateSortKey(sort)
        try await client.deleteObject(key: rowPrefix(partition) + sort)
    }

    public func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try StorageKey.validatePartition(partition)
        try StorageKey.validateLimit(limit)
        if let after { try StorageKey.validateSortKey(after) }
        let prefix = rowPrefix(partition)
        // With delimiter "/", rows of nested partitions (`<partition>/x/...`) come back as common
        // prefixes, which count against max-keys: a page may hold fewer rows than asked yet not be
        // the last. Keep asking from where the listing stopped until the page is full or ends.
        var keys: [String] = []
        var startAfter = after.map { prefix + $0 }
        var token: String?
        while true {
            let page = try await client.listObjects(
                prefix: prefix, startAfter: token == nil ? startAfter : nil, continuationToken: token, delimiter: "/",
                maxKeys: limit - keys.count)
            for object in page.objects {
                keys.append(try Self.strip(prefix, from: object.key))
            }
            guard page.isTruncated else { return RowKeyPage(keys: keys, nextAfter: nil) }
            if keys.count >= limit { return RowKeyPage(keys: keys, nextAfter: keys.last) }
            token = page.nextContinuationToken
            startAfter = nil
        }
    }

    public func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        let keyPage = try await listKeys(partition: partition, after: after, limit: limit)
        let prefix = rowPrefix(partition)
        // One GET per row, `rowFetchConcurrency` at a time, reassembled in key order. A row deleted
        // between the listing and its GET is left out, as if the listing had come a moment later.
        let values = try await withThrowingTaskGroup(of: (Int, ByteBuffer?).self) { group in
            var results = [ByteBuffer?](repeating: nil, count: keyPage.keys.count)
            var next = 0
            let width = client.configuration.rowFetchConcurrency
            while next < keyPage.keys.count && next < width {
                let index = next
                group.addTask { (index, try await self.readRow(key: prefix + keyPage.keys[index])) }
                next += 1
            }
            while let (index, value) = try await group.next() {
                results[index] = value
                if next < keyPage.keys.count {
                    let index = next
                    group.addTask { (index, try await self.readRow(key: prefix + keyPage.keys[index])) }
                    next += 1
                }
            }
            return results
        }
        var rows: [Row] = []
        for (sort, value) in zip(keyPage.keys, values) {
            if let value { rows.append(Row(sort: sort, value: value)) }
        }
        return RowPage(rows: rows, nextAfter: keyPage.nextAfter)
    }

    public func waitForChange(partition: String, after: String?) async throws {
        try StorageKey.validatePartition(partition)
        if let after { try StorageKey.validateSortKey(after) }
        try await watchHub.wait(partition: partition, after: after) {
            try await !self.listKeys(partition: partition, after: after, limit: 1).keys.isEmpty
        }
    }

    /// A row's value, or nil when absent; refuses values over the row limit.
    private func readRow(key: String) async throws -> ByteBuffer? {
        let read: S3Client.ObjectRead
        do {
            read = try await client.getObject(key: key, range: nil)
        } catch let error as StorageError where error.code == .notFound {
            return nil
        }
        guard read.size <= StorageKey.maxRowValueBytes else {
            throw StorageError(.integrity, "S3 row object \(key.debugDescription) is \(read.size) bytes, over the row limit")
        }
        return try await read.body.collect(upTo: StorageKey.maxRowValueBytes)
    }
}
