#!/usr/bin/env bash
# Builds Tern and starts the development server: user alice / hunter2, embedded store.
# Extra arguments go to `tern dev` (e.g. --data DIR, --storage URL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product tern
exec .build/debug/tern dev "$@"
