#!/usr/bin/env bash
# Install what fickle needs, build it, and run the flagship case on 2 ranks.
set -euo pipefail
cd "$(dirname "$0")"
source tools/setup.sh

case_dir=cases/fick-gaussian
echo "== running $case_dir on 2 ranks"
mpiexec -n 2 --oversubscribe build/fickle run "$case_dir"
echo
echo "Results:    $case_dir/output/summary.json"
echo "ParaView:   paraview $case_dir/output/u.pvd"
echo "Time series: $case_dir/output/series.csv"
