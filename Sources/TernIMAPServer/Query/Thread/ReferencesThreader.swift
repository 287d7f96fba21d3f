import TernIMAP

/// THREAD=REFERENCES (RFC 5256 section 4, after Jamie Zawinski's algorithm): parent/child links from
/// Message-ID and References, dummy containers for referenced messages that are not in the set,
/// pruning, merging of top-level threads with the same base subject, and siblings sorted by sent date.
/// After linking (which walks ancestor chains to refuse loops) every pass is O(n log n): the subject
/// merge keeps positions and removals in tables instead of searching the root list per root.
struct ReferencesThreader {
    /// Container i: a message (index into `items`) or a dummy (nil).
    private var message: [Int?] = []
    private var parent: [Int?] = []
    private var children: [[Int]] = []
    private let items: [ThreadKeys]

    private init(items: [ThreadKeys]) {
        self.items = items
    }

    static func thread(_ items: [ThreadKeys], uid: Bool) -> [ThreadList] {
        var threader = ReferencesThreader(items: items)
        return threader.run(uid: uid)
    }

    private mutating func newContainer(message: Int?) -> Int {
        self.message.append(message)
        parent.append(nil)
        children.append([])
        return self.message.count - 1
    }

    private func isAncestor(_ candidate: Int, of node: Int) -> Bool {
        // A container without children is nobody's ancestor: the common case (a message threaded in
        // arrival order has no replies yet) costs no walk up a long reply chain.
        if candidate != node && children[candidate].isEmpty { return false }
        var current: Int? = node
        var steps = 0
        while let c = current, steps <= parent.count {
            if c == candidate { return true }
            current = parent[c]
            steps += 1
        }
        return false
    }

    private mutating func link(parent newParent: Int, child: Int) {
        if let old = parent[child] { children[old].removeAll { $0 == child } }
        parent[child] = newParent
        children[newParent].append(child)
    }

    private mutating func unlink(_ child: Int) {
        if let old = parent[child] { children[old].removeAll { $0 == child } }
        parent[child] = nil
    }

    private mutating func run(uid: Bool) -> [ThreadList] {
        // (1) Link by Message-ID and References. Items are processed in sequence order, so a duplicate
        // Message-ID keeps its first message and the others get unique containers of their own.
        var byID: [String: Int] = [:]
        let order = items.indices.sorted { items[$0].sequenceNumber < items[$1].sequenceNumber }
        var containerOf = Array(repeating: 0, count: items.count)
        for index in order {
            let item = items[index]
            if let id = item.messageID, let existing = byID[id], message[existing] == nil {
                message[existing] = index
                containerOf[index] = existing
            } else {
                let container = newContainer(message: index)
                if let id = item.messageID, byID[id] == nil { byID[id] = container }
                containerOf[index] = container
            }
        }
        for index in order {
            let item = items[index]
            let current = containerOf[index]
            var previous: Int? = nil
            for reference in item.references {
                let container: Int
                if let found = byID[reference] {
                    container = found
                } else {
                    container = newContainer(message: nil)
                    byID[reference] = container
                }
                // (1A) link consecutive references unless that makes a loop or the child has a parent.
                if let previous, previous != container, parent[container] == nil,
                    !isAncestor(container, of: previous)
                {
                    link(parent: previous, child: container)
                }
                previous = container
            }
            // (1B) a parent link another message's References gave this one is broken first (it
            // is "probably the result of a truncated References header"); then the last reference
            // (or none) becomes the parent, unless that would make a loop: the message is then a
            // root of its own.
            unlink(current)
            if let last = previous, last != current, !isAncestor(current, of: last) {
                link(parent: last, child: current)
            }
        }
        limitDepth()
        // (2) root set.
        var roots = parent.indices.filter { parent[$0] == nil }
        // (4) prune dummies.
        roots = prune(roots, atRoot: true)
        // (5) sort top level by date (a dummy by its earliest child, after sorting its children).
        for root in roots where message[root] == nil { children[root] = sortedByDate(children[root]) }
        roots = sortedByDate(roots)
        // (6) merge top-level threads by base subject.
        roots = mergeBySubject(roots)
        // (7) sort all siblings by date, the deepest first: a top-level dummy is placed by its first
        // child, which the merge may have changed (RFC 5256 §4 step 7).
        for root in roots { sortDescendants(root) }
        roots = sortedByDate(roots)
        return roots.compactMap { threadList($0, uid: uid) }
    }

    /// Threads deeper than this are flattened at this depth: reply chains can be as long as the mailbox,
    /// and every later step (and the response encoder) walks the tree recursively.
    static let maxDepth = 128

    /// Breadth first from the roots; a container below `maxDepth` becomes a sibling of its parent.
    private mutating func limitDepth() {
        var queue: [(node: Int, depth: Int)] = parent.indices.filter { parent[$0] == nil }.map { ($0, 1) }
        var head = 0
        while head < queue.count {
            let (node, depth) = queue[head]
            head += 1
            for child in children[node] {
                if depth >= Self.maxDepth, let up = parent[node] {
                    link(parent: up, child: child)
                    queue.append((child, depth))
                } else {
                    queue.append((child, depth + 1))
                }
            }
        }
    }

    private mutating func prune(_ nodes: [Int], atRoot: Bool) -> [Int] {
        var result: [Int] = []
        for node in nodes {
            children[node] = prune(children[node], atRoot: false)
            guard message[node] == nil else {
                result.append(node)
                continue
            }
            let kids = children[node]
            if kids.isEmpty { continue }  // (4A) an empty dummy disappears
            if !atRoot || kids.count == 1 {
                // (4B) promote the children (to the root only when there is just one).
                for kid in kids { parent[kid] = atRoot ? nil : parent[node] }
                children[node] = []
                result.append(contentsOf: kids)
            } else {
                result.append(node)
            }
        }
        return result
    }

    /// The message representing a container for dates and subjects: itself, or a dummy's first child.
    private func representative(_ node: Int) -> Int? {
        if let index = message[node] { return index }
        return children[node].first.flatMap { representative($0) }
    }

    private func dateKey(_ node: Int) -> (Int64, UInt32) {
        guard let index = representative(node) else { return (Int64.max, UInt32.max) }
        return (items[index].date, items[index].sequenceNumber)
    }

    private func sortedByDate(_ nodes: [Int]) -> [Int] {
        nodes.sorted { dateKey($0) < dateKey($1) }
    }

    private mutating func sortDescendants(_ node: Int) {
        children[node] = sortedByDate(children[node])
        for child in children[node] { sortDescendants(child) }
    }

    private mutating func mergeBySubject(_ roots: [Int]) -> [Int] {
        // (6B) one container per thread subject: a message in the table is replaced by a dummy, or
        // by a message that is not a reply when it is one; a dummy in the table stays.
        var table: [[UInt8]: Int] = [:]
        for root in roots {
            guard let key = subjectKey(of: root) else { continue }
            guard let existing = table[key] else {
                table[key] = root
                continue
            }
            guard message[existing] != nil else { continue }
            let existingIsReply = representative(existing).map { items[$0].isReplyOrForward } ?? false
            let rootIsReply = representative(root).map { items[$0].isReplyOrForward } ?? false
            if message[root] == nil || (existingIsReply && !rootIsReply) { table[key] = root }
        }
        // (6C) merge every other root with the same subject into the table's container. Positions
        // and removals are tables, so the pass is linear in the roots.
        var result = roots
        var position: [Int: Int] = [:]
        for (index, root) in roots.enumerated() { position[root] = index }
        var removed = Set<Int>()
        for root in roots {
            guard !removed.contains(root), let key = subjectKey(of: root), let target = table[key], target != root
            else { continue }
            let targetIsDummy = message[target] == nil
            let rootIsDummy = message[root] == nil
            let rootIsReply = representative(root).map { items[$0].isReplyOrForward } ?? false
            let targetIsReply = representative(target).map { items[$0].isReplyOrForward } ?? false
            if targetIsDummy && rootIsDummy {
                for kid in children[root] { parent[kid] = target }
                children[target].append(contentsOf: children[root])
                children[root] = []
            } else if targetIsDummy || (!rootIsDummy && rootIsReply && !targetIsReply) {
                link(parent: target, child: root)
            } else {
                let dummy = newContainer(message: nil)
                if let at = position[target] {
                    result[at] = dummy
                    position[dummy] = at
                }
                link(parent: dummy, child: target)
                link(parent: dummy, child: root)
                table[key] = dummy
            }
            removed.insert(root)
        }
        return result.filter { !removed.contains($0) }
    }

    /// The grouping key of a top-level container (a dummy's is its first child's); nil when empty.
    private func subjectKey(of node: Int) -> [UInt8]? {
        guard let index = representative(node), !items[index].subjectKey.isEmpty else { return nil }
        return items[index].subjectKey
    }

    /// Chains of single children become one `ThreadList`; a dummy has no number of its own.
    private func threadList(_ node: Int, uid: Bool) -> ThreadList? {
        var numbers: [UInt32] = []
        var current = node
        while true {
            if let index = message[current] {
                numbers.append(uid ? items[index].uid : items[index].sequenceNumber)
            }
            let kids = children[current]
            if kids.count == 1, message[current] != nil {
                current = kids[0]
                continue
            }
            let nested = kids.compactMap { threadList($0, uid: uid) }
            if numbers.isEmpty && nested.count == 1 { return nested[0] }
            return ThreadList(messages: numbers, children: nested)
        }
    }
}
