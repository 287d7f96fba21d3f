/// Walks the `blobs/` tree in key order (bytewise UTF-8) to list keys under a prefix after a
/// start key, visiting only the directories that can hold such keys.
///
/// Cost: every directory visited is read whole and sorted (memory proportional to its entry count),
/// so key layouts should fan out rather than put millions of keys in one directory.
struct ListingWalk {
    let prefix: String
    let startAfter: String?
    let wanted: Int
    private(set) var found: [BlobInfo] = []

    init(prefix: String, startAfter: String?, wanted: Int) {
        self.prefix = prefix
        self.startAfter = startAfter
        self.wanted = wanted
    }

    mutating func run(blobsPath: String) throws {
        // The prefix's complete segments name a directory; its last, partial segment filters that directory.
        let segments = prefix.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let directories = segments.dropLast()
        let partial = segments.last ?? ""
        var path = blobsPath
        var keyBase = ""
        for segment in directories {
            path += "/" + BlobPathMapping.Entry(segment: segment, isDirectory: true).name
            keyBase += segment + "/"
        }
        try visit(path: path, keyBase: keyBase, segmentPrefix: partial)
    }

    private mutating func visit(path: String, keyBase: String, segmentPrefix: String) throws {
        guard let names = try Posix.directoryEntries(path) else { return }
        let entries = names.compactMap(BlobPathMapping.entry(forName:))
            .filter { $0.segment.utf8.starts(with: segmentPrefix.utf8) }
            .sorted { StorageKey.precedes($0.orderKey, $1.orderKey) }
        for entry in entries {
            guard found.count < wanted else { return }
            if entry.isDirectory {
                let subtree = keyBase + entry.segment + "/"
                // Every key below starts with `subtree`; skip the subtree if all of them precede startAfter.
                if let startAfter, StorageKey.precedes(subtree, startAfter), !startAfter.utf8.starts(with: subtree.utf8)
                {
                    continue
                }
                try visit(path: path + "/" + entry.name, keyBase: subtree, segmentPrefix: "")
            } else {
                let key = keyBase + entry.segment
                if let startAfter, !StorageKey.precedes(startAfter, key) { continue }
                // A file deleted since the directory was read is simply not listed.
                guard let status = try Posix.status(path + "/" + entry.name) else { continue }
                found.append(BlobInfo(key: key, size: status.size))
            }
        }
    }
}
