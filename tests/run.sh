#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build the bot as quick start's first command does,
# build everything with clang-14 under AddressSanitizer and UndefinedBehaviorSanitizer, and run the whole
# test suite through ctest. Exits non-zero when any test fails. Benchmarks run here at smoke size only
# (ctest label `bench`).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/bootstrap.sh
# The optimised build quick start's first command makes (g++ -O2 warns where the debug and sanitizer
# builds do not), so that command stays true.
cmake --preset release >/dev/null
cmake --build --preset release
cmake --preset check >/dev/null
cmake --build --preset check
ctest --preset check
