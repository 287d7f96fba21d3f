import NIOCore
import TernCrypto
import TernStorage

/// The plaintext of a queued message: its parts in order, each opened with the user's private key.
enum IncomingBody {
    static func stream(context: AccountContext, id: String, partCount: Int) -> BlobByteStream {
        BlobByteStream(makeNext: {
            var part = 0
            var current: OpeningSequence<BlobByteStream>.AsyncIterator?
            return {
                while true {
                    if var iterator = current {
                        let chunk = try await iterator.next()
                        current = iterator
                        if let chunk { return chunk }
                        current = nil
                    }
                    guard part < partCount else { return nil }
                    let key = context.layout.incomingPartKey(id, part: part)
                    part += 1
                    let read = try await context.blobs.get(key, range: nil)
                    let decryptor = BlobDecryptor(kind: .recipient, keys: context.keys, blobID: Array(key.utf8))
                    current = read.body.opened(with: decryptor).makeAsyncIterator()
                }
            }
        })
    }
}
