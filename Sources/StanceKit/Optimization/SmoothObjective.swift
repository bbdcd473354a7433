/// A twice-differentiable function to minimise, as the iterative solvers see it.
protocol SmoothObjective {
    /// The number of parameters.
    var dimension: Int { get }
    /// `f(θ)` (mutating only so that an objective may cache what the next call at the same point needs).
    mutating func value(_ theta: [Double]) -> Double
    /// `f(θ)` and `∇f(θ)`; also remembers `θ` as the point for `hessianVectorProduct`.
    mutating func valueAndGradient(_ theta: [Double]) -> (value: Double, gradient: [Double])
    /// `∇²f(θ)·v` into `out` at the point of the last `valueAndGradient` call; returns `vᵀ∇²f(θ)v`. (Mutating so
    /// that an objective may keep the scratch memory of its products.)
    mutating func hessianVectorProduct(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>)
        -> Double
}

/// Where an iterative solver stopped.
struct SolverResult: Sendable, Equatable {
    var theta: [Double]
    var value: Double
    var gradientNorm: Double
    var iterations: Int
    /// `true` when `‖∇f(θ)‖ ≤ tolerance · ‖∇f(θ_ref)‖` was reached; `false` when the iteration limit (or a
    /// numerical stall) ended the run.
    var converged: Bool
}
