#!/usr/bin/env bash
# Install what fickle needs, build it, run the flagship case on 2 ranks, plot and render it.
set -euo pipefail
cd "$(dirname "$0")"
source tools/setup.sh

case_dir=cases/flagship
out=$case_dir/output
echo "== running $case_dir on 2 ranks: a Stokes flow, tracers in it, advection–diffusion, compared"
mpiexec -n 2 --oversubscribe build/fickle run "$case_dir"
echo "== rendering the ParaView pictures (xvfb-run pvpython)"
bash tools/render_flagship.sh "$out" || echo "(rendering skipped: see the message above)"
echo
echo "Summary:     $out/summary.json   (compare.json: the comparison at every time)"
echo "ParaView:    paraview $out/compare.pvd   (particle_density, pde_density, difference)"
echo "             paraview $out/runs/flow/flow.pvd $out/runs/particles/particles.pvd"
echo "Plots:       $out/plots/   (msd.png, profiles.png, difference.png; flow.png ... from ParaView)"
echo "Numbers:     $out/compare.csv  $out/msd.csv  $out/profiles.csv"
