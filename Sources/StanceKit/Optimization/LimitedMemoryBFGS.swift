/// Limited-memory BFGS with a strong-Wolfe line search.
///
/// Nocedal & Wright (2006), *Numerical Optimization*, 2nd ed.: the two-loop recursion (Algorithm 7.4) with the
/// initial Hessian scaling `γ = sᵀy / yᵀy` (eq. 7.20), and the line search of Algorithms 3.5–3.6 (bracketing, then
/// zoom with safeguarded cubic interpolation) for the strong Wolfe conditions
///
/// ```
/// f(θ + αp) ≤ f(θ) + c₁ α ∇fᵀp,     |∇f(θ + αp)ᵀp| ≤ c₂ |∇fᵀp|,     c₁ = 10⁻⁴, c₂ = 0.9
/// ```
///
/// Stopping: `‖∇f(θ)‖ ≤ tolerance · referenceGradientNorm`, or `maxIterations` iterations.
struct LimitedMemoryBFGS: Sendable {
    var tolerance: Double
    var maxIterations: Int
    var memory = 10
    let sufficientDecrease = 1e-4
    let curvatureCondition = 0.9

    func minimize<O: SmoothObjective>(
        _ objective: inout O, from start: [Double], referenceGradientNorm: Double
    ) -> SolverResult {
        var theta = start
        var (value, gradient) = objective.valueAndGradient(theta)
        var gradientNorm = BLAS.norm(gradient)
        let target = tolerance * referenceGradientNorm
        var steps: [[Double]] = []
        var changes: [[Double]] = []
        var iterations = 0
        while gradientNorm > target && iterations < maxIterations {
            iterations += 1
            var direction = twoLoop(gradient, steps, changes)
            var slope = BLAS.dot(gradient, direction)
            if slope >= 0 {  // not a descent direction (should not happen with sᵀy > 0): restart
                steps.removeAll()
                changes.removeAll()
                direction = gradient.map { -$0 }
                slope = -gradientNorm * gradientNorm
            }
            let initial = steps.isEmpty ? min(1, 1 / gradientNorm) : 1
            guard
                let found = lineSearch(
                    &objective, theta, value, direction, slope, initial: initial)
            else { break }
            var step = direction
            BLAS.scale(found.alpha, &step)
            var change = found.gradient
            BLAS.axpy(-1, gradient, &change)
            BLAS.axpy(1, step, &theta)
            value = found.value
            gradient = found.gradient
            gradientNorm = BLAS.norm(gradient)
            if BLAS.dot(step, change) > 1e-12 * BLAS.dot(change, change) {
                steps.append(step)
                changes.append(change)
                if steps.count > memory {
                    steps.removeFirst()
                    changes.removeFirst()
                }
            }
        }
        return SolverResult(
            theta: theta, value: value, gradientNorm: gradientNorm, iterations: iterations,
            converged: gradientNorm <= target)
    }

    /// `−H·g` for the L-BFGS inverse-Hessian approximation `H` built from the stored pairs.
    private func twoLoop(_ gradient: [Double], _ steps: [[Double]], _ changes: [[Double]]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        var rhos = [Double](repeating: 0, count: steps.count)
        for index in stride(from: steps.count - 1, through: 0, by: -1) {
            rhos[index] = 1 / BLAS.dot(changes[index], steps[index])
            alphas[index] = rhos[index] * BLAS.dot(steps[index], q)
            BLAS.axpy(-alphas[index], changes[index], &q)
        }
        if let s = steps.last, let y = changes.last {
            BLAS.scale(BLAS.dot(s, y) / BLAS.dot(y, y), &q)
        }
        for index in 0..<steps.count {
            let beta = rhos[index] * BLAS.dot(changes[index], q)
            BLAS.axpy(alphas[index] - beta, steps[index], &q)
        }
        BLAS.scale(-1, &q)
        return q
    }

    private struct Point {
        var alpha: Double
        var value: Double
        var slope: Double
        var gradient: [Double]
    }

    /// The sufficient-decrease (Armijo) condition, relaxed to "no increase beyond rounding" near the optimum,
    /// where `f` differences drown in floating-point noise (the approximate Wolfe conditions of Hager & Zhang
    /// (2005), "A new conjugate gradient method with guaranteed descent and an efficient line search", SIAM J.
    /// Optim. 16): the slope condition then carries the test.
    private func decreases(_ point: Point, _ origin: Point) -> Bool {
        point.value <= origin.value + sufficientDecrease * point.alpha * origin.slope
            || point.value <= origin.value + 1e-13 * abs(origin.value)
    }

    /// A step length satisfying the strong Wolfe conditions, or `nil` when none was found (a numerical stall).
    private func lineSearch<O: SmoothObjective>(
        _ objective: inout O, _ theta: [Double], _ value0: Double, _ direction: [Double], _ slope0: Double,
        initial: Double
    ) -> Point? {
        func evaluate(_ alpha: Double) -> Point {
            var trial = theta
            BLAS.axpy(alpha, direction, &trial)
            let (v, g) = objective.valueAndGradient(trial)
            return Point(alpha: alpha, value: v, slope: BLAS.dot(g, direction), gradient: g)
        }
        let origin = Point(alpha: 0, value: value0, slope: slope0, gradient: [])
        var previous = origin
        var alpha = initial
        for attempt in 0..<40 {
            let current = evaluate(alpha)
            if !decreases(current, origin) || (attempt > 0 && current.value >= previous.value) {
                return zoom(evaluate, origin, low: previous, high: current)
            }
            if abs(current.slope) <= -curvatureCondition * slope0 { return current }
            if current.slope >= 0 { return zoom(evaluate, origin, low: current, high: previous) }
            previous = current
            alpha *= 2
        }
        return nil
    }

    private func zoom(
        _ evaluate: (Double) -> Point, _ origin: Point, low: Point, high: Point
    ) -> Point? {
        var low = low
        var high = high
        for _ in 0..<60 {
            let alpha = interpolate(low, high)
            let current = evaluate(alpha)
            if !decreases(current, origin) || current.value >= low.value {
                high = current
            } else {
                if abs(current.slope) <= -curvatureCondition * origin.slope { return current }
                if current.slope * (high.alpha - low.alpha) >= 0 { high = low }
                low = current
            }
            if abs(high.alpha - low.alpha) <= 1e-16 * max(1, abs(low.alpha)) { break }
        }
        return low.alpha > 0 && !low.gradient.isEmpty ? low : nil
    }

    /// The minimiser of the cubic through two points with their slopes, kept inside the middle 80 % of the
    /// bracket (bisection when the cubic has no usable minimiser); Nocedal & Wright eq. 3.59.
    private func interpolate(_ a: Point, _ b: Point) -> Double {
        let lower = min(a.alpha, b.alpha)
        let upper = max(a.alpha, b.alpha)
        let width = upper - lower
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.alpha - b.alpha)
        let radicand = d1 * d1 - a.slope * b.slope
        if radicand >= 0 {
            let d2 = (b.alpha > a.alpha ? 1.0 : -1.0) * radicand.squareRoot()
            let candidate = b.alpha - (b.alpha - a.alpha) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2)
            if candidate.isFinite && candidate >= lower + 0.1 * width && candidate <= upper - 0.1 * width {
                return candidate
            }
        }
        return lower + 0.5 * width
    }
}
