/// Why a process cannot start writing: the slot claim or the deployment marker refused it. The message says
/// what the operator should do.
public struct WriterSlotError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The explicit `writer_slot` is held by another live process.
        public static let slotHeld = Code("slotHeld")
        /// No slot could be claimed (all 64 held, or every attempt clashed).
        public static let noFreeSlot = Code("noFreeSlot")
        /// The storage's deployment marker was made with another deployment secret.
        public static let deploymentMismatch = Code("deploymentMismatch")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
