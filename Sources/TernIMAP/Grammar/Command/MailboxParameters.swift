/// A SELECT / EXAMINE parameter (RFC 7162).
public enum SelectParameter: Hashable, Sendable {
    /// `CONDSTORE`
    case condStore
    /// `QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)])`
    case qresync(QResyncParameter)
}

public struct QResyncParameter: Hashable, Sendable {
    public var uidValidity: UInt32
    public var modSeq: ModSeq
    public var knownUIDs: SequenceSet?
    public var sequenceMatch: SequenceMatchData?

    public init(
        uidValidity: UInt32, modSeq: ModSeq, knownUIDs: SequenceSet? = nil, sequenceMatch: SequenceMatchData? = nil
    ) {
        self.uidValidity = uidValidity
        self.modSeq = modSeq
        self.knownUIDs = knownUIDs
        self.sequenceMatch = sequenceMatch
    }
}

/// `seq-match-data = "(" known-sequence-set SP known-uid-set ")"` (RFC 7162).
public struct SequenceMatchData: Hashable, Sendable {
    public var sequences: SequenceSet
    public var uids: SequenceSet

    public init(sequences: SequenceSet, uids: SequenceSet) {
        self.sequences = sequences
        self.uids = uids
    }
}

/// A CREATE parameter: `USE (\Drafts ...)` (RFC 6154).
public enum CreateParameter: Hashable, Sendable {
    case use([UseAttribute])
}

/// A SPECIAL-USE attribute such as `\Drafts`, kept as sent (compared case-insensitively).
public typealias UseAttribute = Flag
