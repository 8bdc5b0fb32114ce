#!/usr/bin/env bash
# npm run local-action[:wait] [-- env-file]: the import (or wait) action from src/, not dist/,
# through GitHub's @github/local-action, with the inputs of env-file: .env, or .env.example
# (the local emulator's endpoint) while there is no .env.
set -euo pipefail
cd "$(dirname "$0")/.."
action="$1"
env_file="${2:-.env}"
if [ "$#" -lt 2 ] && [ ! -e "$env_file" ]; then env_file=.env.example; fi
case "$action" in
  import) exec local-action . src/import/main.ts "$env_file" ;;
  # The entry point is relative to the action's directory.
  wait) exec local-action wait ../src/wait/main.ts "$env_file" ;;
  *)
    echo "usage: $0 import|wait [env-file]" >&2
    exit 2
    ;;
esac
