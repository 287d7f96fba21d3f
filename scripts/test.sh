#!/usr/bin/env bash
# Runs Tern's whole test suite: installs what is missing, starts the services the tests talk to
# (each on loopback, in a temporary directory), builds, runs every test, and stops the services.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

STATE=$(mktemp -d /tmp/tern-test.XXXXXX)
chmod 755 "$STATE"
SERVICES=()
for script in scripts/services/*.sh; do
    [ -e "$script" ] && SERVICES+=("$(basename "$script" .sh)")
done

stop_services() {
    for name in "${SERVICES[@]}"; do
        [ -d "$STATE/$name" ] && scripts/services/$name.sh stop "$STATE/$name" >/dev/null 2>&1 || true
    done
}
trap stop_services EXIT

# Services start in the background while the build runs: both take a while on a fresh machine.
declare -A STARTERS=()
for name in "${SERVICES[@]}"; do
    mkdir -p "$STATE/$name"
    # One retry: a daemon that trips over its own start-up race should not fail the whole run.
    (scripts/services/$name.sh start "$STATE/$name" >"$STATE/$name.env" 2>"$STATE/$name.start.log" ||
        { scripts/services/$name.sh stop "$STATE/$name" >/dev/null 2>&1 || true
          echo "retrying after a failed start" >>"$STATE/$name.start.log"
          scripts/services/$name.sh start "$STATE/$name" >"$STATE/$name.env" 2>>"$STATE/$name.start.log"; }) &
    STARTERS[$name]=$!
done

swift build --build-tests

for name in "${SERVICES[@]}"; do
    if ! wait "${STARTERS[$name]}"; then
        echo "test: service '$name' failed to start; its log:" >&2
        cat "$STATE/$name.start.log" >&2
        exit 1
    fi
    # shellcheck disable=SC1090
    source "$STATE/$name.env"
done

swift test --skip-build "$@"

# The capacity-planning tool is its own package (perf/); its pure parts have their own tests.
(cd perf && swift build --build-tests && swift test --skip-build)
