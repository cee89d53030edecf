#!/usr/bin/env bash
# Builds (if needed) and runs every fuzz target for SECONDS each; prints, per target, the executions,
# executions a second, coverage (cov: edges, ft: features) and corpus size from libFuzzer's final stats.
# Fails (exit 1) on any crash, leak, timeout, out-of-memory or sanitizer report; the reproducer is kept
# under BUILD/fuzz-artifacts/<name>/ (replay it: BUILD/tests/fuzz/networkbot_fuzz_<name> FILE).
#
#   tests/fuzz/run.sh SECONDS [TARGET...]      e.g. tests/fuzz/run.sh 60, tests/fuzz/run.sh 300 envelope
#
# NETWORKBOT_FUZZ_BUILD overrides the build folder (default build/fuzz, clang-14). The seed corpora in
# tests/fuzz/corpus/<name>/ are only read; what the fuzzer finds goes to BUILD/fuzz-corpus/<name>/.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:?usage: run.sh SECONDS [TARGET...]}
shift
build=${NETWORKBOT_FUZZ_BUILD:-$root/build/fuzz}

all_targets=(envelope router_command router_interaction web_api csv people_import contacts_import config mdgp)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

declare -A max_len=(
  [envelope]=16384 [router_command]=512 [router_interaction]=1024 [web_api]=8192 [csv]=4096
  [people_import]=8192 [contacts_import]=8192 [config]=8192 [mdgp]=8192)

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug \
    -DNETWORKBOT_FUZZ=ON -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" || exit 1
fi
cmake --build "$build" --target networkbot_fuzz_all || exit 1

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

failed=()
summary=()
for name in "${targets[@]}"; do
  binary="$build/tests/fuzz/networkbot_fuzz_$name"
  seeds="$here/corpus/$name"
  work="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name"
  log="$build/fuzz-logs/$name.log"
  if [ ! -x "$binary" ] || [ ! -d "$seeds" ]; then
    echo "run.sh: no target or no corpus for '$name'" >&2
    failed+=("$name")
    continue
  fi
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  dict=()
  [ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
  echo "== $name: ${seconds}s, -max_len=${max_len[$name]:-4096}${dict:+ ${dict[*]}}"
  "$binary" "${dict[@]}" -max_total_time="$seconds" -max_len="${max_len[$name]:-4096}" -print_final_stats=1 -timeout=25 \
    -rss_limit_mb=2560 -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  per_sec=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
  status=ok
  if [ $rc -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer|deadly signal' "$log"; then
    status="FAILED (rc $rc; log $log; artifacts $artifacts/)"
    failed+=("$name")
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -5
  fi
  line=$(printf '%-20s execs %-10s exec/s %-7s cov %-6s ft %-7s corpus %-12s %s' \
    "$name" "${execs:-?}" "${per_sec:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$status")
  echo "$line"
  summary+=("$line")
done

echo
echo "== summary (${seconds}s each)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
