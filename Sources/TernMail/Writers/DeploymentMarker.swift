import NIOCore
import TernCrypto
import TernStorage

/// A row that ties a storage to one deployment secret: a MAC of a fixed label under the secret, written by
/// the first process and checked by every later one. Two processes with different secrets would otherwise
/// each serve their own disjoint set of users from one storage (users are found by a keyed hash of the login).
/// The MAC reveals nothing about the secret.
public enum DeploymentMarker {
    public static let partition = "deployment"
    public static let sort = "marker"

    /// The marker's bytes for `secret`.
    public static func value(deploymentSecret secret: [UInt8]) throws -> ByteBuffer {
        let hasher = try StorageIdentifierHasher(deploymentSecret: secret)
        let mac = hasher.identifier(for: "storage belongs to this deployment", purpose: "deployment-marker")
        return ByteBuffer(string: "tern-deployment-marker 1 \(mac)\n")
    }

    /// Creates the marker if it is absent, else compares it. Without conditional writes two first processes
    /// may both write: each reads back after `timing.claimWaitMillis`, and the one whose marker lost refuses.
    /// - Parameter secretFile: named in the error, with what to do.
    public static func verify(
        rows: any RowStore, deploymentSecret secret: [UInt8], secretFile: String, timing: SlotTiming
    ) async throws {
        let expected = try value(deploymentSecret: secret)
        if let found = try await rows.get(partition: partition, sort: sort) {
            guard found == expected else { throw mismatch(secretFile) }
            return
        }
        do {
            try await rows.put(partition: partition, sort: sort, value: expected, condition: .ifAbsent)
        } catch let error as StorageError where error.code == .alreadyExists {
            // Another process created it first: compare below.
        }
        try await SlotClaimer.sleep(millis: timing.claimWaitMillis)
        guard try await rows.get(partition: partition, sort: sort) == expected else { throw mismatch(secretFile) }
    }

    static func mismatch(_ secretFile: String) -> WriterSlotError {
        WriterSlotError(
            .deploymentMismatch,
            "this storage was set up with another deployment secret than the one in \(secretFile) "
                + "(deployment_secret_file): with it this process would serve a separate set of users. Use the same "
                + "deployment secret file content on every process of this storage (copy it from a running one); "
                + "only for a new, empty deployment point storage.url somewhere else")
    }
}
