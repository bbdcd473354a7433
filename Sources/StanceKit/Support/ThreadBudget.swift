import Foundation

/// How many threads a job may use: decided once, from `--threads` (or the machine's processor count when not
/// given), and passed down to every stage, which splits it but never reads the processor count on its own.
///
/// A budget is at least 1. Results never depend on it: work is split in fixed chunks and reduced in a fixed order.
public struct ThreadBudget: Sendable, Hashable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The number of threads, at least 1.
    public let count: Int

    /// A budget of `count` threads, or `nil` when `count` is less than 1 (`--threads` is validated with it).
    public init?(requested count: Int) {
        guard count >= 1 else { return nil }
        self.count = count
    }

    /// A budget written as a literal; the literal must be at least 1.
    public init(integerLiteral value: Int) {
        precondition(value >= 1, "a thread budget holds at least one thread")
        count = value
    }

    private init(unchecked count: Int) { self.count = count }

    /// One thread: the calling thread.
    public static let single: ThreadBudget = 1

    /// One thread per active processor: the default of `--threads`, and the only place that reads the count.
    public static var machine: ThreadBudget {
        ThreadBudget(unchecked: max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// The workers to start for `tasks` independent pieces of work: the budget, but no more than the tasks, and
    /// at least 1.
    public func workers(for tasks: Int) -> Int { Swift.max(1, Swift.min(count, tasks)) }

    /// This budget, but no more threads than `tasks` (at least 1).
    public func limited(to tasks: Int) -> ThreadBudget { ThreadBudget(unchecked: workers(for: tasks)) }

    /// Each part's share when `parts` jobs run side by side on this budget (at least 1 thread each).
    public func shared(among parts: Int) -> ThreadBudget {
        ThreadBudget(unchecked: Swift.max(1, count / Swift.max(1, parts)))
    }

    /// Whether more than one thread may run.
    public var isParallel: Bool { count > 1 }

    public var description: String { String(count) }
}
