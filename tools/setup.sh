#!/usr/bin/env bash
# Shared by run.sh and test.sh: install the Debian packages fickle needs and build it into build/.
# Works as root on a fresh Debian 12 machine (or with sudo), without a terminal.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(
  build-essential cmake pkg-config
  petsc-dev libopenmpi-dev openmpi-bin
  libvtk9-dev libeigen3-dev libgtest-dev librandom123-dev libfftw3-dev
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  python3-vtk9 python3-matplotlib python3-yaml python3-numpy
  zlib1g-dev dataset-fashion-mnist
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "== installing ${#missing[@]} Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Open MPI refuses to run as root unless told it may (CI runs as root).
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

echo "== building fickle (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFICKLE_WERROR=ON > build.log 2>&1 ||
  { cat build.log; exit 1; }
cmake --build build -j"$(nproc)" >> build.log 2>&1 || { tail -60 build.log; exit 1; }
echo "== built build/fickle"
