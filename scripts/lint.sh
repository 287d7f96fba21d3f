#!/usr/bin/env bash
# Fast checks that run before the build (scripts/test.sh), a few seconds in all; exits non-zero on any finding.
#  1. swift-format's lint rules (.swift-format) over every Swift file in the repository. Only the rules run, not
#     the pretty-printer's layout diff: the code is formatted by hand (docs/development.md says why).
#  2. Whitespace the pretty-printer would have caught: a tab, trailing blanks, no newline at the end of a file.
#  3. No BLAKE2 in Sources/: password hashing goes through libargon2 (CArgon2), and an Argon2 implementation of our
#     own would need BLAKE2b, so its absence keeps both out.
# `scripts/lint.sh --self-test` proves each check fails on a bad input and passes on a good one.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT_DIRS=(Sources Tests Benchmarks perf)

# format_lint PATH...: swift-format findings are warnings unless --strict, which makes them fail the run.
format_lint() {
    swift format lint --strict --configuration .swift-format --debug-disable-pretty-print --recursive --parallel "$@"
}

# whitespace PATH...: Swift files (hidden folders such as .build skipped) with a tab, a line ending in a blank,
# or no final newline.
whitespace() {
    local found file
    found=$(grep -rlP --include='*.swift' --exclude-dir='.*' '\t|[ ]$' "$@" || true)
    while IFS= read -r file; do
        if [ -n "$(tail -c 1 "$file")" ]; then found+=$'\n'"$file (no final newline)"; fi
    done < <(find "$@" -name '.*' -prune -o -name '*.swift' -type f -print)
    if [ -n "${found#$'\n'}" ]; then
        echo "lint: tabs, trailing blanks or a missing final newline in:" >&2
        echo "${found#$'\n'}" >&2
        return 1
    fi
}

# no_blake2 DIR: a BLAKE2 name or BLAKE2b's first IV word (0x6a09e667f3bcc908, written with or without `_`
# separators) in a Swift file under DIR is a finding.
no_blake2() {
    local found
    found=$(grep -rliE --include='*.swift' 'blake2|6a09e667_?f3bcc908' "$1" || true)
    if [ -n "$found" ]; then
        echo "lint: BLAKE2 in $1 (Argon2id goes through libargon2, see Sources/TernAuth/README.md):" >&2
        echo "$found" >&2
        return 1
    fi
}

self_test() {
    local dir
    dir=$(mktemp -d /tmp/tern-lint.XXXXXX)
    trap 'rm -rf "$dir"' RETURN
    mkdir -p "$dir/good" "$dir/bad"
    printf 'let answer = 42\nlet question = "?"\n' >"$dir/good/Good.swift"
    printf 'let answer = 42; let question = "?"\n' >"$dir/bad/Semicolon.swift"
    printf 'enum Need: Int { case view = 0, content = 1 }\n' >"$dir/bad/Cases.swift"
    printf 'let answer = 42 \n' >"$dir/bad/Trailing.swift"
    printf 'let answer = 42' >"$dir/bad/NoNewline.swift"
    printf '/// BLAKE2b compression.\nlet blake2bIV0: UInt64 = 0x6a09e667_f3bcc908\n' >"$dir/bad/Blake2b.swift"
    format_lint "$dir/good" || { echo "lint self-test: a clean file failed the format lint" >&2; return 1; }
    for file in Semicolon Cases; do
        if format_lint "$dir/bad/$file.swift" 2>/dev/null; then
            echo "lint self-test: the format lint passed $file.swift" >&2
            return 1
        fi
    done
    whitespace "$dir/good" || { echo "lint self-test: a clean file failed the whitespace check" >&2; return 1; }
    for file in Trailing NoNewline; do
        if whitespace "$dir/bad/$file.swift" 2>/dev/null; then
            echo "lint self-test: the whitespace check passed $file.swift" >&2
            return 1
        fi
    done
    no_blake2 "$dir/good" || { echo "lint self-test: a clean file failed the BLAKE2 check" >&2; return 1; }
    if no_blake2 "$dir/bad" 2>/dev/null; then
        echo "lint self-test: the BLAKE2 check passed Blake2b.swift" >&2
        return 1
    fi
    echo "lint self-test: every check fails on its bad input and passes a clean one"
}

if [ "${1:-}" = "--self-test" ]; then
    self_test
    exit
fi

format_lint "${SWIFT_DIRS[@]}" Package.swift
whitespace "${SWIFT_DIRS[@]}" Package.swift
no_blake2 Sources
