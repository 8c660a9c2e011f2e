#!/usr/bin/env bash
# Install what fickle needs, build it, and run the whole test suite (all labels, slow included).
set -euo pipefail
cd "$(dirname "$0")"
source tools/setup.sh

echo "== running the test suite (ctest)"
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
