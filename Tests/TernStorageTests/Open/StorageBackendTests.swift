import NIOCore
import TernStorage
import Testing

@Suite("StorageBackend.open")
struct StorageBackendTests {
    @Test func opensMemory() async throws {
        let backend = try await StorageBackend.open(try StorageURL(parsing: "memory:"), runtime: testStorageRuntime)
        try await backend.blobs.put("k", bytes: ByteBuffer(string: "v"))
        #expect(try await backend.blobs.head("k")?.size == 1)
        #expect(backend.rows.capabilities.conditionalCreate)
    }

    @Test func opensFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try StorageURL(parsing: "file://" + directory.path + "/store")
        do {
            let backend = try await StorageBackend.open(url, runtime: testStorageRuntime)
            try await backend.rows.put(partition: "p", sort: "1", value: ByteBuffer(string: "v"))
        }
        let again = try await StorageBackend.open(url, runtime: testStorageRuntime)
        #expect(try await again.rows.get(partition: "p", sort: "1") == ByteBuffer(string: "v"))
    }

    @Test func s3WithoutCredentialsIsAConfigurationError() async throws {
        let url = try StorageURL(parsing: "s3://bucket?endpoint=http://127.0.0.1:1")
        await #expect {
            _ = try await StorageBackend.open(url, runtime: testStorageRuntime, environment: [:])
        } throws: { error in
            (error as? StorageError)?.code == .invalidConfiguration
        }
    }
}
