#!/usr/bin/env bash
# Install what fickle needs, build it, run the flagship case on 2 ranks and plot it.
set -euo pipefail
cd "$(dirname "$0")"
source tools/setup.sh

case_dir=cases/fick-gaussian
echo "== running $case_dir on 2 ranks"
mpiexec -n 2 --oversubscribe build/fickle run "$case_dir"
/usr/bin/python3 tools/plot_fick.py "$case_dir/output"
echo
echo "Summary:     $case_dir/output/summary.json"
echo "ParaView:    paraview $case_dir/output/u.pvd"
echo "Plots:       $case_dir/output/plots/"
echo "Time series: $case_dir/output/series.csv"
