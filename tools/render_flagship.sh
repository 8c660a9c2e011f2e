#!/usr/bin/env bash
# The flagship pictures of a run directory, drawn by ParaView without a display
# (tools/render_paraview.py under xvfb-run pvpython), into RUN_DIR/plots/:
#   flow.png                   speed and streamlines of RUN_DIR/runs/flow/flow.pvd
#   pde_density.png,           the fields of RUN_DIR/compare.pvd (last snapshot); the two densities
#   particle_density.png       share one colour range and carry the particles of
#                              RUN_DIR/runs/particles/particles.pvd when that exists
#   difference_map.png         particle − PDE density, a diverging map centred at 0 (no particles:
#                              they would hide the signal)
# A picture whose input is absent is skipped with a message. Exit 0 when every picture that could
# be drawn was, 1 when one failed, 2 when there was nothing to draw.
# Usage: tools/render_flagship.sh RUN_DIR     (xvfb-run and pvpython come with tools/setup.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ne 1 ]; then
  echo "usage: tools/render_flagship.sh RUN_DIR" >&2
  exit 2
fi
run="$1"
[ -d "$run" ] || { echo "render_flagship.sh: no run directory $run" >&2; exit 2; }
for tool in xvfb-run pvpython; do
  command -v "$tool" > /dev/null ||
    { echo "render_flagship.sh: $tool not found (tools/setup.sh installs it)" >&2; exit 2; }
done

# -noreset: without it Xvfb resets when ParaView drops its first (probing) connection, and the
# next one can be refused ("bad X server connection"); see tools/render_paraview.py.
render() { xvfb-run -a -s "-noreset -screen 0 1920x1200x24" pvpython "$here/render_paraview.py" "$@"; }

drawn=0 failed=0
if [ -f "$run/runs/flow/flow.pvd" ]; then
  if render "$run/runs/flow" --series flow --field velocity --out "$run/plots/flow.png"; then
    drawn=$((drawn + 1))
  else
    failed=$((failed + 1))
  fi
else
  echo "render_flagship.sh: no $run/runs/flow/flow.pvd: skipping flow.png"
fi

if [ -f "$run/compare.pvd" ]; then
  particles=()
  if [ -f "$run/runs/particles/particles.pvd" ]; then
    particles=(--particles "$run/runs/particles/particles.pvd")
  else
    echo "render_flagship.sh: no $run/runs/particles/particles.pvd: densities without particles"
  fi
  if render "$run" --series compare --field pde_density,particle_density --common-range \
       "${particles[@]}"; then
    drawn=$((drawn + 2))
  else
    failed=$((failed + 1))
  fi
  # difference_map.png: plots/difference.png is tools/plot_compare.py's gap over time.
  if render "$run" --series compare --field difference --out "$run/plots/difference_map.png"; then
    drawn=$((drawn + 1))
  else
    failed=$((failed + 1))
  fi
else
  echo "render_flagship.sh: no $run/compare.pvd: skipping pde_density.png, particle_density.png," \
       "difference_map.png"
fi

if ((failed)); then
  echo "render_flagship.sh: $failed rendering(s) failed" >&2
  exit 1
fi
if ((drawn == 0)); then
  echo "render_flagship.sh: nothing to draw in $run" >&2
  exit 2
fi
echo "render_flagship.sh: $drawn picture(s) in $run/plots/"
