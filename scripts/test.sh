#!/usr/bin/env bash
# Runs Tern's whole test suite: installs what is missing, starts the services the tests talk to
# (each on loopback, in a temporary directory), builds, runs every test, and stops the services.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Format rules and source checks first: they take seconds, the build minutes. The self-test first proves that
# each check still fails on a bad file (a swift-format that stopped reporting would otherwise pass everything).
scripts/lint.sh --self-test
scripts/lint.sh

# A warning in Tern's own targets fails the build here (Package.swift reads this; dependencies keep theirs).
# On unless the caller sets it to 0 (docs/development.md).
export TERN_WARNINGS_AS_ERRORS=${TERN_WARNINGS_AS_ERRORS:-1}

STATE=$(mktemp -d /tmp/tern-test.XXXXXX)
chmod 755 "$STATE"
SERVICES=()
for script in scripts/services/*.sh; do
    [ -e "$script" ] && SERVICES+=("$(basename "$script" .sh)")
done

stop_services() {
    for name in "${SERVICES[@]}"; do
        for dir in "$STATE/$name".*/; do
            [ -d "$dir" ] && scripts/services/$name.sh stop "${dir%/}" >/dev/null 2>&1 || true
        done
    done
}
trap stop_services EXIT

# start_service NAME: up to three attempts, each in a fresh state directory (a daemon that trips over
# its own start-up race, e.g. a port taken between choosing and binding it, must not fail the run, and
# must not leave state behind for the next attempt). Logs of every attempt stay in $STATE.
start_service() {
    local name="$1" attempt
    for attempt in 1 2 3; do
        mkdir -p "$STATE/$name.$attempt"
        if scripts/services/$name.sh start "$STATE/$name.$attempt" >"$STATE/$name.env" 2>>"$STATE/$name.start.log"; then
            return 0
        fi
        echo "attempt $attempt failed (state and logs in $STATE/$name.$attempt)" >>"$STATE/$name.start.log"
        scripts/services/$name.sh stop "$STATE/$name.$attempt" >/dev/null 2>&1 || true
    done
    return 1
}

# Services start in the background while the build runs: both take a while on a fresh machine.
declare -A STARTERS=()
for name in "${SERVICES[@]}"; do
    start_service "$name" &
    STARTERS[$name]=$!
done

# Each target may import only the modules it declares as dependencies.
swift build --build-tests --explicit-target-dependency-import-check error

for name in "${SERVICES[@]}"; do
    if ! wait "${STARTERS[$name]}"; then
        echo "test: service '$name' failed to start; its log:" >&2
        cat "$STATE/$name.start.log" >&2
        for log in "$STATE/$name".*/log/setup.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
        exit 1
    fi
    # shellcheck disable=SC1090
    source "$STATE/$name.env"
done

swift test --skip-build "$@"

# libFuzzer targets (Tests/Fuzz), 25 s each, all at once; a crash fails the run and names its reproducer.
scripts/fuzz.sh

# The capacity-planning tool is its own package (perf/); its pure parts have their own tests.
(cd perf && swift build --build-tests --explicit-target-dependency-import-check error && swift test --skip-build)
