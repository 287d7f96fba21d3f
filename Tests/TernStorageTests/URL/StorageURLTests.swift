import TernStorage
import Testing

@Suite("StorageURL")
struct StorageURLTests {
    @Test func memory() throws {
        #expect(try StorageURL(parsing: "memory:") == .memory)
        #expect(try StorageURL(parsing: "memory://") == .memory)
    }

    @Test func file() throws {
        #expect(try StorageURL(parsing: "file:///var/lib/tern") == .file(path: "/var/lib/tern"))
        #expect(try StorageURL(parsing: "file:///var/lib/tern/") == .file(path: "/var/lib/tern"))
        #expect(try StorageURL(parsing: "file://localhost/srv/x") == .file(path: "/srv/x"))
        #expect(try StorageURL(parsing: "file:///srv/with%20space") == .file(path: "/srv/with space"))
        #expect(try StorageURL(parsing: "file:///srv/with%20space").description == "file:///srv/with%20space")
    }

    @Test(arguments: [
        "file://relative/path", "file://host/path", "file:///a/../b", "file:///a?x=1", "file:///a%zz",
        "file:///a%00b", "ftp://x", "", "memory:x", "s3://", "s3://Bad_Bucket", "s3://ab",
        "s3://bucket?endpoint=ftp://h", "s3://bucket?endpoint=http://h:0", "s3://bucket?endpoint=http://h:99999",
        "s3://bucket?style=sideways", "s3://bucket?unknown=1", "s3://bucket?region", "s3://bucket?region=a&region=b",
        "s3://bucket?endpoint=http://user@h", "s3://bucket?endpoint=http://h/path", "s3://bucket?conditional=maybe",
        "s3://bucket?region=US_EAST", "s3://bucket#frag", "s3://-bucket",
    ])
    func invalid(_ text: String) {
        #expect {
            try StorageURL(parsing: text)
        } throws: { error in
            (error as? StorageError)?.code == .invalidConfiguration
        }
    }

    @Test func s3PathStyleWithEndpoint() throws {
        let url = try StorageURL(parsing: "s3://tern-test?endpoint=http://127.0.0.1:9000&region=eu-west-1")
        guard case .s3(let location) = url else {
            Issue.record("not s3: \(url)")
            return
        }
        #expect(location.bucket == "tern-test")
        #expect(location.keyPrefix == "")
        #expect(location.scheme == "http")
        #expect(location.host == "127.0.0.1")
        #expect(location.port == 9000)
        #expect(location.region == "eu-west-1")
        #expect(location.style == .path)
        #expect(location.conditionalWrites == .auto)
        #expect(location.endpoint == "http://127.0.0.1:9000")
    }

    @Test func s3Defaults() throws {
        guard case .s3(let location) = try StorageURL(parsing: "s3://my.bucket") else {
            Issue.record("not s3")
            return
        }
        #expect(location.region == "us-east-1")
        #expect(location.endpoint == "https://s3.us-east-1.amazonaws.com")
        #expect(location.style == .virtual)
    }

    @Test func s3AllParameters() throws {
        let text =
            "s3://bucket-1/tern/prod/?endpoint=https%3A%2F%2F%5B%3A%3A1%5D%3A8443&region=garage&style=virtual&conditional=off"
        guard case .s3(let location) = try StorageURL(parsing: text) else {
            Issue.record("not s3")
            return
        }
        #expect(location.keyPrefix == "tern/prod")
        #expect(location.scheme == "https")
        #expect(location.host == "::1")
        #expect(location.port == 8443)
        #expect(location.endpoint == "https://[::1]:8443")
        #expect(location.style == .virtual)
        #expect(location.conditionalWrites == .off)
        // The description parses back to the same location.
        #expect(try StorageURL(parsing: location.description) == .s3(location))
    }
}
