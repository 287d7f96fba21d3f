import NIOCore
import TernMIME
import TernMail

/// Reads several byte ranges of one message (a header block and text parts, in message order) with as
/// few storage reads as possible: ranges closer than `maxGap` share one read and the bytes between
/// them are skipped. Each range's bytes go to `feed(index, bytes)`, its end to `finish(index)`; either
/// returns true to stop everything (a SEARCH match was found).
struct SegmentReader {
    /// Reading this many unneeded bytes costs less than another storage request.
    static let maxGap = 64 * 1024

    let reader: LimitedBodyReader

    /// Segments (by index) that share one read, in order.
    static func groups(of segments: [ByteRange]) -> [[Int]] {
        var groups: [[Int]] = []
        var groupEnd = Int.min
        for (index, segment) in segments.enumerated() {
            if let last = groups.indices.last, segment.offset >= groupEnd, segment.offset - groupEnd <= Self.maxGap {
                groups[last].append(index)
            } else {
                groups.append([index])
            }
            groupEnd = max(groupEnd, segment.end)
        }
        return groups
    }

    /// The byte range one group's read covers.
    static func readRange(of group: [Int], in segments: [ByteRange]) -> Range<Int> {
        guard let first = group.first else { return 0..<0 }
        let start = segments[first].offset
        return start..<(group.map { segments[$0].end }.max() ?? start)
    }

    /// The range the first read of `scan` covers (for reading it ahead).
    static func firstReadRange(of segments: [ByteRange]) -> Range<Int>? {
        groups(of: segments).first.map { readRange(of: $0, in: segments) }
    }

    /// - Returns: true when a callback stopped the scan.
    func scan(
        _ message: MailboxView.Message, segments: [ByteRange],
        feed: (Int, ByteBuffer) -> Bool, finish: (Int) -> Bool
    ) async throws -> Bool {
        for group in Self.groups(of: segments) {
            guard !group.isEmpty else { continue }
            let range = Self.readRange(of: group, in: segments)
            let (start, end) = (range.lowerBound, range.upperBound)
            var next = 0  // position in `group` of the first unfinished segment
            var position = start
            var stopped = false
            if end > start {
                try await reader.forEachChunk(of: message, range: start..<end) { chunk in
                    let chunkEnd = position + chunk.readableBytes
                    while next < group.count {
                        let index = group[next]
                        let segment = segments[index]
                        if segment.offset >= chunkEnd { break }
                        let lower = max(segment.offset, position)
                        let upper = min(segment.end, chunkEnd)
                        if upper > lower,
                            let slice = chunk.getSlice(at: chunk.readerIndex + lower - position, length: upper - lower),
                            feed(index, slice)
                        {
                            stopped = true
                            return false
                        }
                        guard segment.end <= chunkEnd else { break }
                        next += 1
                        if finish(index) {
                            stopped = true
                            return false
                        }
                    }
                    position = chunkEnd
                    return next < group.count
                }
            }
            if stopped { return true }
            // Segments the read did not reach (empty ones, or a stored body shorter than its structure).
            while next < group.count {
                if finish(group[next]) { return true }
                next += 1
            }
        }
        return false
    }
}
