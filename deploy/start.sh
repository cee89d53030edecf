#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build networkbot (Release), and run it.
# With SLACK_APP_TOKEN and SLACK_BOT_TOKEN set it serves the Slack workspace (`networkbot run`);
# without them it opens the console on the bundled sample workspace (`networkbot console`).
# Extra arguments go to networkbot (e.g. --as @dev for the console).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/bootstrap.sh
cmake --preset release >/dev/null
cmake --build --preset release

if [[ -n "${SLACK_APP_TOKEN:-}" || -n "${SLACK_BOT_TOKEN:-}" ]]; then
  exec build/release/bot/networkbot run "$@"
fi
echo "No SLACK_APP_TOKEN/SLACK_BOT_TOKEN set: starting the console on the sample workspace."
exec build/release/bot/networkbot console "$@"
