import TernStorage

extension ServerConfiguration {
    /// The S3 connection pool settings of the runtime's `StorageRuntime` (`[storage] s3_max_connections`).
    public var s3Pool: S3HTTPClientPool.Configuration {
        var pool = S3HTTPClientPool.Configuration()
        pool.maxConnectionsPerHost = s3MaxConnections
        return pool
    }
}
