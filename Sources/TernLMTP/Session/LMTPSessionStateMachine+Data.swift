import NIOCore

extension LMTPSessionStateMachine {
    /// Decodes what is buffered of the message body and queues the resulting actions.
    mutating func stepData(_ transaction: Transaction, _ decoder: inout DotUnstuffingDecoder) {
        var output = ByteBuffer()
        let wasProducing = decoder.isProducingOutput
        let finished = decoder.decode(&inbound, into: &output)
        if output.readableBytes > 0 { pending.append(.messageBytes(output)) }
        if wasProducing, !decoder.isProducingOutput { pending.append(.abortMessage) }
        guard finished else {
            state = .receivingData(transaction, decoder)
            return
        }
        if decoder.isProducingOutput {
            pending.append(.finishMessage)
            state = .awaitingDeliveries(
                transaction,
                outcomes: Array(repeating: nil, count: transaction.recipients.count),
                nextReply: 0
            )
            return
        }
        // LMTP still owes one reply per accepted recipient (RFC 2033 4.2), all of them the same refusal.
        let refusal: LMTPReply = decoder.exceededLimit ? .messageTooBig : .bareLineFeed
        for _ in transaction.recipients { pending.append(.send(refusal)) }
        state = .command(greeted: true, transaction: nil)
    }
}
