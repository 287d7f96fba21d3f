import NIOCore

/// Runs a connection's Swift tasks on the connection's own event loop.
///
/// Without it, every await in a session hops between NIO's event loop (socket reads and writes) and
/// Swift's global pool (the session's code): a futex wake and a context switch per hop, about a
/// quarter of a whole-mailbox FETCH's time on 2 cores. With this executor as the session task's
/// preference (`withTaskExecutorPreference`), the session, its child tasks and the default actors
/// it calls run on the thread that also owns its socket, so a write completes without a hop.
/// Blocking work (file I/O) still goes to its own thread pool, never onto the loop.
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
