#!/usr/bin/env python3
"""Regenerate the statsmodels reference values hard-coded in Tests/StanceKitTests/Classifier/LogisticNewtonTests.swift.

The dataset is written here, not taken from anywhere: 40 rows, 3 features, every value a small rational number
computed with integer arithmetic so that Swift rebuilds exactly the same doubles:

    x1 = ((37 i) mod 19 - 9) / 4,  x2 = ((53 i) mod 23 - 11) / 6,  x3 = ((29 i) mod 13 - 6) / 3,  i = 0..39

The labels come from a noisy linear score and are printed, and hard-coded in the test as literals.
Fits statsmodels Logit (binary) and MNLogit (three classes, first class the reference) by Newton's method to
tight tolerance and prints params and bse with 17 significant digits.

Usage: python3 scripts/reference-logit.py
"""
import numpy as np
import statsmodels.api as sm

N = 40


def features():
    rows = []
    for i in range(N):
        rows.append([((37 * i) % 19 - 9) / 4, ((53 * i) % 23 - 11) / 6, ((29 * i) % 13 - 6) / 3])
    return np.array(rows)


def labels(x):
    binary, three = [], []
    for i in range(N):
        # Integer noise keeps the classes overlapping (no separation).
        noise = ((71 * i) % 17 - 8) / 2.5
        score = x[i, 0] - 0.8 * x[i, 1] + 0.5 * x[i, 2] + noise
        binary.append(1 if score > 0 else 0)
        noise3 = ((43 * i) % 11 - 5) / 2
        score3 = 0.7 * x[i, 0] + 0.6 * x[i, 2] - 0.4 * x[i, 1] + noise3
        three.append(0 if score3 < -1 else (1 if score3 < 1.5 else 2))
    return np.array(binary), np.array(three)


def show(name, values):
    print(f"{name}: [" + ", ".join(f"{v:.17g}" for v in np.ravel(values)) + "]")


def main():
    x = features()
    y2, y3 = labels(x)
    design = sm.add_constant(x)  # intercept first, then x1, x2, x3
    print("binary labels:", list(map(int, y2)))
    print("three-class labels:", list(map(int, y3)))
    logit = sm.Logit(y2, design).fit(method="newton", tol=1e-14, maxiter=100, disp=False)
    show("Logit params", logit.params)
    show("Logit bse", logit.bse)
    print(f"Logit llf: {logit.llf:.17g}")
    # MNLogit: params is (features+1) x (K-1); print class by class (class 1 vs 0, then class 2 vs 0).
    mnlogit = sm.MNLogit(y3, design).fit(method="newton", tol=1e-14, maxiter=100, disp=False)
    show("MNLogit params (class-major)", np.asarray(mnlogit.params).T)
    show("MNLogit bse (class-major)", np.asarray(mnlogit.bse).T)
    print(f"MNLogit llf: {mnlogit.llf:.17g}")


if __name__ == "__main__":
    main()
