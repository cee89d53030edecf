#!/usr/bin/env bash
# Fails when a header or source under the core (store adapters aside) includes anything but the
# standard library and the core itself.
#   check_core_includes.sh CORE_DIR
#   check_core_includes.sh --self-test    proves the check fails on a planted violation
set -euo pipefail

forbidden='#[[:space:]]*include[[:space:]]*[<"](boost/|nlohmann/|spdlog/|fmt/|sqlite3|SQLiteCpp/|toml\+\+/|CLI/|date/|openssl/|catch2/|bot/|config/)'

check() {
  local dir=$1
  local hits
  hits=$(grep -rnE "$forbidden" "$dir" --include='*.hpp' --include='*.cpp' --include='*.h' \
           --exclude-dir=store 2>/dev/null || true)
  if [[ -n "$hits" ]]; then
    echo "the core must include only the standard library and core/ headers; found:"
    echo "$hits"
    return 1
  fi
  echo "core is pure: $(find "$dir" -path "$dir/store" -prune -o \( -name '*.hpp' -o -name '*.cpp' \) -print | wc -l) files checked"
}

if [[ "${1:-}" == "--self-test" ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/core/store"
  printf '#include <vector>\n#include "core/people.hpp"\n' > "$tmp/core/ok.hpp"
  printf '#include <SQLiteCpp/SQLiteCpp.h>\n' > "$tmp/core/store/adapter.cpp"
  check "$tmp/core" >/dev/null || { echo "self-test: a clean core was rejected"; exit 1; }
  for bad in '#include <boost/asio.hpp>' '#include <nlohmann/json.hpp>' '#  include "spdlog/spdlog.h"' \
             '#include <sqlite3.h>' '#include "bot/app/router.hpp"'; do
    printf '%s\n' "$bad" > "$tmp/core/leak.cpp"
    if check "$tmp/core" >/dev/null; then echo "self-test: missed '$bad'"; exit 1; fi
  done
  echo "self-test: every planted include was caught"
  exit 0
fi

check "${1:?usage: $0 CORE_DIR | --self-test}"
