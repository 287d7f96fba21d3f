import Crypto
import Testing

@testable import TernStorage

/// The worked examples of "Signature Calculations for the Authorization Header" in the Amazon S3 API
/// reference (sig-v4-header-based-auth): inputs and expected values exactly as published.
@Suite("SigV4 signer, AWS published S3 examples")
struct SigV4SignerTests {
    static let credentials = S3Credentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    )
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
    /// Fri, 24 May 2013 00:00:00 GMT
    static let exampleTime: Int64 = 1_369_353_600
    static let host = ("Host", "examplebucket.s3.amazonaws.com")

    @Test func getObjectWithRange() {
        let signed = Self.signer.sign(
            .init(
                method: "GET",
                encodedPath: AWSURIEncoding.encodePath("/test.txt"),
                query: [],
                headers: [Self.host, ("Range", "bytes=0-9")],
                payloadHash: SigV4Signer.emptyPayloadHash
            ),
            secondsSinceEpoch: Self.exampleTime
        )
        #expect(
            signed.canonicalRequest == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """
        )
        #expect(
            signed.stringToSign == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """
        )
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
    }

    @Test func putObject() {
        let payloadHash = SigV4Signer.hex(SHA256.hash(data: Array("Welcome to Amazon S3.".utf8)))
        #expect(payloadHash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let signed = Self.signer.sign(
            .init(
                method: "PUT",
                encodedPath: AWSURIEncoding.encodePath("/test$file.text"),
                query: [],
                headers: [
                    ("Date", "Fri, 24 May 2013 00:00:00 GMT"), Self.host,
                    ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
                ],
                payloadHash: payloadHash
            ),
            secondsSinceEpoch: Self.exampleTime
        )
        #expect(
            signed.canonicalRequest == """
                PUT
                /test%24file.text

                date:Fri, 24 May 2013 00:00:00 GMT
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                x-amz-date:20130524T000000Z
                x-amz-storage-class:REDUCED_REDUNDANCY

                date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class
                44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                """
        )
        #expect(
            signed.stringToSign.hasSuffix("\n9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d")
        )
        #expect(signed.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test func getBucketLifecycle() {
        let signed = Self.signer.sign(
            .init(
                method: "GET",
                encodedPath: "/",
                query: [("lifecycle", "")],
                headers: [Self.host],
                payloadHash: SigV4Signer.emptyPayloadHash
            ),
            secondsSinceEpoch: Self.exampleTime
        )
        #expect(signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "lifecycle=")
        #expect(
            signed.stringToSign.hasSuffix("\n9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca")
        )
        #expect(signed.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test func listObjects() {
        let signed = Self.signer.sign(
            .init(
                method: "GET",
                encodedPath: "/",
                // Given out of order: the canonical query sorts them.
                query: [("prefix", "J"), ("max-keys", "2")],
                headers: [Self.host],
                payloadHash: SigV4Signer.emptyPayloadHash
            ),
            secondsSinceEpoch: Self.exampleTime
        )
        #expect(
            signed.canonicalRequest == """
                GET
                /
                max-keys=2&prefix=J
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """
        )
        #expect(
            signed.stringToSign.hasSuffix("\ndf57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7")
        )
        #expect(signed.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func headersAddedForTheRequest() {
        let signer = SigV4Signer(
            credentials: S3Credentials(accessKeyID: "AK", secretAccessKey: "SK", sessionToken: "TOKEN"),
            region: "eu-west-1"
        )
        let signed = signer.sign(
            .init(
                method: "PUT", encodedPath: "/b/k", query: [], headers: [("host", "h")],
                payloadHash: SigV4Signer.unsignedPayload),
            secondsSinceEpoch: Self.exampleTime
        )
        #expect(signed.headersToAdd.map(\.name) == ["x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "authorization"])
        #expect(signed.headersToAdd[1].value == "UNSIGNED-PAYLOAD")
        #expect(signed.canonicalRequest.hasSuffix("\nhost;x-amz-content-sha256;x-amz-date;x-amz-security-token\nUNSIGNED-PAYLOAD"))
    }

    @Test func headerValuesAreTrimmedAndSpacesCollapsed() {
        let signed = Self.signer.sign(
            .init(
                method: "GET", encodedPath: "/", query: [],
                headers: [("Host", "h"), ("X-Custom", "  a   b  c ")], payloadHash: SigV4Signer.emptyPayloadHash),
            secondsSinceEpoch: Self.exampleTime
        )
        #expect(signed.canonicalRequest.contains("\nx-custom:a b c\n"))
    }
}

@Suite("SigV4 encodings")
struct SigV4EncodingTests {
    @Test func pathEncodingKeepsSlashesAndUnreserved() {
        #expect(AWSURIEncoding.encodePath("/a b/c+d/é~._-") == "/a%20b/c%2Bd/%C3%A9~._-")
        #expect(AWSURIEncoding.encodeQueryComponent("a/b=c&d") == "a%2Fb%3Dc%26d")
    }

    @Test func amzDates() {
        #expect(AmzDate(secondsSinceEpoch: 1_369_353_600).timestamp == "20130524T000000Z")
        #expect(AmzDate(secondsSinceEpoch: 0).timestamp == "19700101T000000Z")
        #expect(AmzDate(secondsSinceEpoch: 951_825_599).timestamp == "20000229T115959Z")
        #expect(AmzDate(secondsSinceEpoch: 4_102_444_799).day == "20991231")
    }
}
