#!/usr/bin/env bash
# npm run local-action[:wait] [-- env-file]: the import (or wait) action from src/, not dist/,
# through GitHub's @github/local-action, with the inputs of env-file: .env, or .env.example
# (the local emulator's endpoint) while there is no .env.
#
# When the env file's INPUT_ENDPOINT-URL is a local address that nothing answers on, it says how
# to start the emulator and exits 1, instead of the action's connection errors and a stack trace.
set -euo pipefail
cd "$(dirname "$0")/.."
action="${1:-}"
env_file="${2:-.env}"
if [ "$#" -lt 2 ] && [ ! -e "$env_file" ]; then env_file=.env.example; fi
case "$action" in
  import) args=(. src/import/main.ts "$env_file") ;;
  # The entry point is relative to the action's directory.
  wait) args=(wait ../src/wait/main.ts "$env_file") ;;
  *)
    echo "usage: $0 import|wait [env-file]" >&2
    exit 2
    ;;
esac
if [ ! -f "$env_file" ]; then
  echo "local-action: $env_file not found (copy .env.example to .env)" >&2
  exit 1
fi

endpoint="$(sed -n 's/^INPUT_ENDPOINT-URL=//p' "$env_file" | tail -n 1)"
if [[ "$endpoint" =~ ^https?://(127\.0\.0\.1|localhost)(:([0-9]+))?/?$ ]]; then
  port="${BASH_REMATCH[3]:-80}"
  # bash's /dev/tcp: connects, or fails at once when nothing listens.
  if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
    cat >&2 << MESSAGE
local-action: nothing answers at $endpoint (INPUT_ENDPOINT-URL in $env_file).
Start the Personalize emulator first, in another terminal or in the background:

  node emulator/cli.js --port $port --scenario .github/emulator-scenario.json &

then run this again (stop the emulator with: kill %1).
MESSAGE
    exit 1
  fi
fi
exec local-action "${args[@]}"
