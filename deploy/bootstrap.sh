#!/usr/bin/env bash
# Installs the Debian 12 packages networkbot builds and tests with, and only those that are missing.
#
#   deploy/bootstrap.sh           install what is missing (one apt-get update, then one install)
#   deploy/bootstrap.sh --check   list what is missing; exit 1 if anything is, 0 if not
#
# Works as root or through sudo. Never downloads anything but Debian packages: every library the
# project uses comes from here (Boost 1.81 is its own package set; libboost-dev, which is 1.74 on
# Debian 12, would conflict and is never installed).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-url1.81-dev
  nlohmann-json3-dev libspdlog-dev catch2
  libsqlite3-dev libsqlitecpp-dev sqlite3
  libssl-dev libnghttp2-dev ca-certificates
  libhowardhinnant-date-dev tzdata
  libtomlplusplus-dev libcli11-dev
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$p")
done

if [[ "${1:-}" == "--check" ]]; then
  if ((${#missing[@]})); then
    printf 'missing: %s\n' "${missing[@]}"
    exit 1
  fi
  echo "all ${#packages[@]} packages are installed"
  exit 0
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--check]" >&2
  exit 2
fi

if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#packages[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
