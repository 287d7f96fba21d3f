/// What SORT and THREAD may hold for their matches: each match's keys are bounded (`SortKeys`,
/// `ThreadKeys`), and this bounds their sum, so a SORT of a million matches ends with `NO [LIMIT]`
/// instead of holding whatever that costs. Counts key bytes plus a fixed charge per entry for the
/// struct, the match and the arrays' headers.
struct KeyMemoryBudget {
    static let entryOverhead = 128

    let limit: Int
    let command: String
    private(set) var used = 0

    init(limit: Int, command: String) {
        self.limit = limit
        self.command = command
    }

    mutating func charge(keyBytes: Int) throws(QueryError) {
        used += keyBytes + Self.entryOverhead
        guard used <= limit else {
            throw QueryError(
                .limit, "\(command) needs more than \(limit / 1024) KiB for the matches' keys; narrow the search")
        }
    }
}
