/// Opening and closing parts, and the degrade path when a limit is hit.
extension MIMEScanner {
    /// Ends the header of the innermost part at `end` (an absolute offset with the LF counters there)
    /// and decides how its body is parsed.
    mutating func endOfHeader(viaBlankLine: Bool, at end: Int, lf: Int, bare: Int) {
        let index = stack.count - 1
        // In place (an inout array element), so the part's arrays are not copied.
        let kind = Self.closeHeader(&stack[index], at: end, lf: lf, bare: bare, degraded: degradation != nil)
        if index == 0 { rootHeaderDone = true }
        mode = .body
        switch kind {
        case .multipart:
            // Only a real blank line starts a multipart body; a part whose header was cut by a boundary
            // keeps its type but has no children.
            if viaBlankLine, let boundary = stack[index].boundary {
                boundaries.append(Boundary(bytes: boundary, owner: index))
            }
        case .message:
            _ = openChild(isMIME: false, isMessageHeader: true, parentIsDigest: false, at: end, lf: lf, bare: bare)
        case .leaf:
            break
        }
    }

    /// Records the header's extent and decides the part's kind.
    static func closeHeader(_ open: inout OpenPart, at end: Int, lf: Int, bare: Int, degraded: Bool) -> MIMEPart.Kind {
        open.part.headerSize = end - open.part.headerOffset
        open.part.headerLines = lf - open.headerStartLF
        open.part.headerBareLFs = bare - open.headerStartBare
        open.bodyStart = end
        open.bodyStartLF = lf
        open.bodyStartBare = bare
        if !open.isMIME {
            // Without MIME-Version or Content-Type the Content-* fields do not apply (RFC 2045 4) to
            // BODYSTRUCTURE. Dovecot still undoes the Content-Transfer-Encoding for BINARY and
            // SEARCH, so the token that drives those stays.
            let transferToken = open.part.content.lastTransferEncodingToken
            open.part.content = ContentFields()
            open.part.content.lastTransferEncodingToken = transferToken
            open.seenContentType = false
            open.boundary = nil
        }
        var kind = MIMEPart.Kind.leaf
        if open.seenContentType, let combined = open.contentTypeCombined {
            if ASCII.equalsIgnoringCase(combined, "message/rfc822") {
                kind = .message
            } else if ASCII.hasPrefixIgnoringCase(combined, "multipart/") {
                kind = .multipart
                open.isDigest = ASCII.equalsIgnoringCase(combined.dropFirst(10), "digest")
            }
        } else if open.parentIsDigest {
            kind = .message  // RFC 2046 5.1.5: the default type in a digest is message/rfc822
        }
        if degraded { kind = .leaf }
        open.part.kind = kind
        return kind
    }

    /// Opens a new part as a child of the innermost part, starting at `start` (with the LF counters
    /// there), in header mode. Returns false (and degrades) when a limit does not allow it.
    mutating func openChild(
        isMIME: Bool, isMessageHeader: Bool, parentIsDigest: Bool, at start: Int, lf: Int, bare: Int
    ) -> Bool {
        if partsCreated + 1 > limits.maxParts {
            degrade(.tooManyParts)
            return false
        }
        if stack.count + 1 > limits.maxDepth {
            degrade(.tooDeep)
            return false
        }
        partsCreated += 1
        var part = MIMEPart(headerOffset: start)
        if isMessageHeader { part.envelope = EnvelopeFields() }
        stack.append(
            OpenPart(
                part: part, headerStartLF: lf, headerStartBare: bare, isMIME: isMIME,
                isMessageHeader: isMessageHeader, parentIsDigest: parentIsDigest))
        mode = .header
        fieldActive = false
        fieldInteresting = false
        field.removeAll(keepingCapacity: true)
        return true
    }

    /// Closes the innermost part with its body ending at `end` and attaches it to its parent.
    mutating func closeTop(at end: Int, lf: Int, bare: Int) {
        var open = stack.removeLast()
        open.part.bodySize = end - open.bodyStart
        open.part.bodyLines = lf - open.bodyStartLF
        open.part.bodyBareLFs = bare - open.bodyStartBare
        stack[stack.count - 1].part.children.append(open.part)
    }

    /// Gives up on the tree: the message becomes one opaque part. Everything after is the root's body.
    mutating func degrade(_ code: MIMEScanLimitHit.Code) {
        guard degradation == nil else { return }
        degradation = MIMEScanLimitHit(code: code, offset: offset)
        boundaries.removeAll()
        if stack.count > 1 { stack.removeSubrange(1...) }
        stack[0].part.children.removeAll()
        if rootHeaderDone {
            mode = .body
            field.removeAll()
            fieldActive = false
            fieldInteresting = false
        }
    }
}
