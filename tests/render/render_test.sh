#!/usr/bin/env bash
# slow.render_paraview: ParaView pictures of real runs, headless (tools/render_paraview.py and
# tools/render_flagship.sh under xvfb-run pvpython). Runs a small lid-driven cavity, a small
# drifting Gaussian, a small Lévy-flight run with particles and the flagship case with 5000
# tracers, renders them, and checks that every
# PNG exists, is over 10 kB and shows a picture (check_png). Also checks that a missing run
# directory fails clearly.
# pvpython and xvfb-run missing is a failure, not a skip: tools/setup.sh installs them for CI.
#
# Usage: tests/render/render_test.sh FICKLE_BINARY SOURCE_DIR
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: render_test.sh FICKLE_BINARY SOURCE_DIR" >&2
  exit 2
fi
fickle="$1"
src="$2"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

for tool in xvfb-run pvpython; do
  command -v "$tool" > /dev/null ||
    fail "$tool not found: ParaView pictures need it (tools/setup.sh installs xvfb and pvpython)"
done
/usr/bin/python3 -c "import vtk, numpy" 2> /dev/null ||
  fail "/usr/bin/python3 cannot import vtk and numpy (python3-vtk9, python3-numpy: tools/setup.sh)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# As tools/render_flagship.sh does; -noreset: see tools/render_paraview.py.
render() {
  xvfb-run -a -s "-noreset -screen 0 1920x1200x24" pvpython "$src/tools/render_paraview.py" "$@"
}

# Size, and a picture rather than a blank page, counted with VTK's PNG reader: over the whole
# image at least 50 colours and none on more than 90% of the pixels; and, since the white margin
# and the scalar bar alone pass that, at least 20 colours where the field is drawn (a field
# coloured in one flat colour has 1 or 2 there).
check_png() {
  local png="$1"
  [ -f "$png" ] || fail "$png was not written"
  local size
  size=$(stat -c %s "$png")
  ((size > 10240)) || fail "$png has only $size bytes"
  /usr/bin/python3 - "$png" << 'EOF' || fail "$png looks blank"
import sys
import numpy as np
import vtk
from vtk.util.numpy_support import vtk_to_numpy


def colours(pixels):
    rgb = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
    _, counts = np.unique(rgb, return_counts=True)
    return len(counts), counts.max() / rgb.size


reader = vtk.vtkPNGReader()
reader.SetFileName(sys.argv[1])
reader.Update()
w, h, _ = reader.GetOutput().GetDimensions()
scalars = vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars())
pixels = scalars[:, :3].astype(np.uint32).reshape(h, w, 3)
n, top = colours(pixels)
n_field, _ = colours(pixels[int(0.2 * h):int(0.8 * h), int(0.2 * w):int(0.65 * w)])
print(f"  {sys.argv[1]}: {n} colours, the commonest on {100 * top:.1f}% of the pixels; "
      f"{n_field} colours in the field")
sys.exit(0 if n >= 50 and top <= 0.9 and n_field >= 20 else 1)
EOF
}

start=$SECONDS
echo "== small runs"
"$fickle" run "$src/cases/stokes-cavity" -o "$tmp/cavity" --set 'grid.cells=[32,32]' \
  > "$tmp/cavity.log" || { cat "$tmp/cavity.log"; fail "stokes-cavity run"; }
"$fickle" run "$src/cases/fick-2d-drift" -o "$tmp/fick" --set 'grid.cells=[64,64]' \
  > "$tmp/fick.log" || { cat "$tmp/fick.log"; fail "fick-2d-drift run"; }
"$fickle" run "$src/cases/particles-levy" -o "$tmp/levy" --set count=4000 --set output.sample=1000 \
  > "$tmp/levy.log" || { cat "$tmp/levy.log"; fail "particles-levy run"; }

echo "== render_paraview.py"
render "$tmp/cavity" || fail "rendering the cavity"
check_png "$tmp/cavity/plots/velocity.png"
render "$tmp/fick" --field u,error || fail "rendering fick-2d-drift"
check_png "$tmp/fick/plots/u.png"
check_png "$tmp/fick/plots/error.png"
render "$tmp/levy" --particles --out levy.png || fail "rendering the Lévy run with particles"
check_png "$tmp/levy/plots/levy.png"

echo "== the flagship (5000 tracers) and render_flagship.sh"
"$fickle" run "$src/cases/flagship" -o "$tmp/flagship" --set particles.count=5000 \
  --set particles.output.sample=1000 > "$tmp/flagship.log" ||
  { cat "$tmp/flagship.log"; fail "flagship run"; }
bash "$src/tools/render_flagship.sh" "$tmp/flagship" || fail "render_flagship.sh"
for png in flow pde_density particle_density difference_map; do
  check_png "$tmp/flagship/plots/$png.png"
done

echo "== a missing run directory fails with a message"
if render "$tmp/absent" > "$tmp/absent.log" 2>&1; then
  fail "rendering a missing run directory succeeded"
fi
grep -q "no run directory" "$tmp/absent.log" || { cat "$tmp/absent.log"; fail "no clear message"; }

echo "render_test.sh: all pictures fine in $((SECONDS - start)) s"
