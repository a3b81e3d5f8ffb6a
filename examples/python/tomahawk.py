"""agglo from Python, notebook style: the FKV tomahawk, a sweep, and a calibration from a
DataFrame. Run it from the repository root:

    python examples/python/tomahawk.py [FIGURE.png]

(python/tests/test_example.py runs it.) Each cell below is what a notebook cell would hold.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed; in a notebook, leave this out
import matplotlib.pyplot as plt
import pandas as pd

import agglo

configs = Path(__file__).resolve().parents[2] / "configs"
figure = sys.argv[1] if len(sys.argv) > 1 else "tomahawk.png"

# %% The default model (FKV ch. 5: sigma = 5, mu = 0.4, T = 1.7): five long-run equilibria.
solved = agglo.solve()
for e in solved.equilibria:
    print(e.index, "stable" if e.stable else "unstable", e.shares.round(4), e.real_wages.round(4))

# %% The tomahawk: region 1's share against the trade cost, stable branches solid.
diagram = agglo.bifurcate()
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
for b in diagram.branches:
    share = b.state[:, 0]
    for stable, style in ((1, "-"), (0, "--")):
        masked = share.copy()
        masked[b.stable != stable] = float("nan")
        left.plot(b.parameter, masked, style, color="black" if stable else "grey", lw=1.4)
for p in diagram.special_points:
    left.plot(p.parameter, p.value, "o", color="tab:red" if p.kind == "break" else "tab:blue", ms=5)
    below = p.value > 0.9  # keep the label inside the axes
    left.annotate(f"{p.kind}\nT = {p.parameter:.4f}", (p.parameter, p.value), textcoords="offset points",
                  xytext=(6, -24 if below else 6), fontsize=8)
left.plot([], [], "-", color="black", label="stable")
left.plot([], [], "--", color="grey", label="unstable")
left.legend(loc="upper left", fontsize=8, frameon=False)
left.set_xlabel("trade cost T")
left.set_ylabel("share of manufacturing in region 1")
left.set_title("FKV tomahawk (sigma = 5, mu = 0.4)")
left.invert_xaxis()

# %% A calibration of (sigma, mu, rate) to observed wages, the data as a DataFrame.
# Before pandas 3, ask for the correctly rounded float parser (the file's numbers to the bit).
exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
regions = pd.read_csv(configs / "calibrate-wages.csv", dtype={"id": str}, **exact)
fit = agglo.calibrate(configs / "calibrate-wages.toml", overrides={"geography.file": regions,
                                                                  "calibrate.bootstrap": 0})
cal = fit.calibration
print(cal)
right.scatter(cal.observed, cal.fitted, s=10, color="tab:blue")
lims = [min(cal.observed.min(), cal.fitted.min()), max(cal.observed.max(), cal.fitted.max())]
right.plot(lims, lims, color="grey", lw=0.8)
right.set_xlabel("observed (calibration target)")
right.set_ylabel("model at the estimate")
est = cal.estimate
right.set_title(f"wages of {len(regions)} regions: sigma = {est['model.sigma']:.3f}, mu = {est['model.mu']:.3f}")
fig.tight_layout()
fig.savefig(figure, dpi=120)
print("wrote", figure)
