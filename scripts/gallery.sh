#!/usr/bin/env bash
# Makes the gallery's figures: runs every configs/gallery/*.toml with the commands its header
# gives, draws the figures with `agglo plot` into OUT (default: gallery-out/, full size, PNG)
# and, with --thumbnails, writes the small PNGs committed next to the configs
# (configs/gallery/*.png, 800 px wide, figures of several panels 1100 px; 64 colours; needs Pillow, which matplotlib
# brings: scripts/setup.sh). tests/gallery.rs runs the same commands and asserts the numbers.
#
#   scripts/gallery.sh [--thumbnails] [OUT]        AGGLO=path/to/agglo to choose the binary
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
thumbnails=0
if [ "${1:-}" = "--thumbnails" ]; then
  thumbnails=1
  shift
fi
out="${1:-gallery-out}"
mkdir -p "$out"
agglo="${AGGLO:-$root/target/release/agglo}"
[ -x "$agglo" ] || { (cd "$root" && cargo build --release --quiet); }
g="$root/configs/gallery"
a() { "$agglo" -q "$@" >/dev/null; }

a bifurcate "$g/fkv-tomahawk.toml" -o "$out/fkv-tomahawk.h5"
a plot "$out/fkv-tomahawk.h5" -o "$out/fkv-tomahawk.png"
a wiggle "$g/fkv-tomahawk.toml" -o "$out/fkv-wiggle.h5"
a plot "$out/fkv-wiggle.h5" -o "$out/fkv-wiggle.png"

a bifurcate "$g/footloose-tomahawk.toml" -o "$out/footloose-tomahawk.h5"
a plot "$out/fkv-tomahawk.h5" "$out/footloose-tomahawk.h5" -o "$out/footloose-vs-cp.png"

r="$g/racetrack8.toml"
a solve "$r" --set geography.trade-cost=2.0 -o "$out/rt-2.0.h5"
a solve "$r" --set geography.trade-cost=1.8 -o "$out/rt-1.8.h5"
a solve "$r" --set geography.trade-cost=1.5 --set 'model.shares=[0.25,0,0.25,0,0.25,0,0.25,0]' -o "$out/rt-1.5.h5"
a solve "$r" --set geography.trade-cost=1.1 --set 'model.shares=[0.5,0,0,0,0.5,0,0,0]' -o "$out/rt-1.1.h5"
a plot "$out"/rt-2.0.h5 "$out"/rt-1.8.h5 "$out"/rt-1.5.h5 "$out"/rt-1.1.h5 --kind equilibria -o "$out/racetrack8.png"

for t in 1.2 1.5 3; do
  a solve "$g/aa-two-locations.toml" --set geography.trade-cost=$t -o "$out/aa-$t.h5" 2>/dev/null
done
a plot "$out/aa-1.2.h5" "$out/aa-1.5.h5" "$out/aa-3.h5" --kind equilibria -o "$out/aa-two-locations.png"

a counterfactual "$g/border-grid.toml" -o "$out/border-grid.h5"
a plot "$out/border-grid.h5" --kind map -o "$out/border-grid.png"

a bifurcate "$g/cluster.toml" -o "$out/cluster.h5"
a plot "$out/cluster.h5" -o "$out/cluster.png"
a bifurcate "$g/cluster-spillover.toml" -o "$out/cluster-spillover.h5"
a plot "$out/cluster.h5" "$out/cluster-spillover.h5" -o "$out/cluster-spillover.png"

a sweep "$g/kv-real-incomes.toml" -o "$out/kv-real-incomes.h5"
python3 "$root/scripts/real_incomes.py" "$out/kv-real-incomes.h5" -o "$out/kv-real-incomes.png" >/dev/null

a bifurcate "$g/pv-waves.toml" -o "$out/pv-waves.h5"
python3 "$root/scripts/industries.py" "$out/pv-waves.h5" -o "$out/pv-waves.png" >/dev/null
a bifurcate "$g/vl-distant-market.toml" -o "$out/vl-distant-market.h5"
python3 "$root/scripts/industries.py" "$out/vl-distant-market.h5" -o "$out/vl-distant-market.png" >/dev/null

echo "gallery: figures in $out/"
if [ "$thumbnails" = 1 ]; then
  python3 - "$out" "$g" <<'PY'
import os, sys
from PIL import Image
out, dest = sys.argv[1], sys.argv[2]
for name in ("fkv-tomahawk", "fkv-wiggle", "footloose-vs-cp", "racetrack8", "aa-two-locations",
             "border-grid", "cluster", "cluster-spillover", "kv-real-incomes", "pv-waves",
             "vl-distant-market"):
    im = Image.open(os.path.join(out, name + ".png")).convert("RGB")
    # One panel: 800 px wide; several: up to 1100 px, so that their text stays legible.
    scale = min(1.0, (800 if im.width <= 1300 else 1100) / im.width)
    im = im.resize((round(im.width * scale), round(im.height * scale)), Image.LANCZOS)
    path = os.path.join(dest, name + ".png")
    im.quantize(64).save(path, optimize=True)
    print(f"gallery: {path} {os.path.getsize(path) // 1024} KB")
PY
fi
