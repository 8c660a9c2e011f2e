#!/usr/bin/env bash
# Shared by run.sh and test.sh: install the Debian packages fickle needs and build it into build/.
# Works as root on a fresh Debian 12 machine (or with sudo), without a terminal.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(
  build-essential cmake pkg-config
  petsc-dev libopenmpi-dev openmpi-bin libhdf5-openmpi-dev
  libvtk9-dev libeigen3-dev libgtest-dev librandom123-dev libfftw3-dev libmuparser-dev
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  python3-vtk9 python3-matplotlib python3-yaml python3-numpy
  zlib1g-dev dataset-fashion-mnist
  # A real one-machine Slurm for the batch-job test (tests/slurm/slurm_test.sh).
  slurm-wlm munge
  # ParaView pictures (tools/render_paraview.py): ParaView's libraries and a headless X server.
  # pvpython itself is in python3-paraview, which conflicts with python3-vtk9 (so libvtk9-dev).
  paraview xvfb xauth
)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "== installing ${#missing[@]} Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# pvpython (tools/render_paraview.py): Debian's python3-paraview conflicts with python3-vtk9, which
# libvtk9-dev needs, so its files are unpacked beside it into /opt/paraview-python (ParaView's
# libraries come from the paraview package above) with a pvpython wrapper in /usr/local/bin.
pv_version="$(dpkg-query -W -f='${Version}' paraview)"
if [ "$(cat /opt/paraview-python/version 2>/dev/null)" != "$pv_version" ]; then
  echo "== unpacking python3-paraview $pv_version into /opt/paraview-python"
  deb_dir="$(mktemp -d)"
  (cd "$deb_dir" && { apt-get download -qq "python3-paraview=$pv_version" ||
     { $sudo apt-get update -qq && apt-get download -qq "python3-paraview=$pv_version"; }; })
  $sudo rm -rf /opt/paraview-python
  $sudo dpkg-deb -x "$deb_dir"/python3-paraview_*.deb /opt/paraview-python
  echo "$pv_version" | $sudo tee /opt/paraview-python/version > /dev/null
  printf '#!/bin/sh\nexec /opt/paraview-python/usr/bin/pvpython "$@"\n' |
    $sudo tee /usr/local/bin/pvpython > /dev/null
  $sudo chmod 755 /usr/local/bin/pvpython
  rm -rf "$deb_dir"
fi

# Open MPI refuses to run as root unless told it may (CI runs as root).
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

echo "== building fickle (build/)"
# FICKLE_ARCH=native: this build runs on the machine that built it (a portable build for a cluster
# is the default of a plain cmake configure; docs/cluster.md).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFICKLE_WERROR=ON -DFICKLE_ARCH=native \
  > build.log 2>&1 ||
  { cat build.log; exit 1; }
cmake --build build -j"$(nproc)" >> build.log 2>&1 || { tail -60 build.log; exit 1; }
echo "== built build/fickle"
