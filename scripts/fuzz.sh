#!/usr/bin/env bash
# Builds the libFuzzer targets in Tests/Fuzz (IMAP command parser, MIME scanner, LMTP command parser, Dovecot
# auth machine) with AddressSanitizer and runs each for FUZZ_SECONDS (default 25) over its seed corpus, all four
# at once. A crash, leak, timeout or broken invariant fails the run and prints the reproducer's path (replay it
# with `<binary> <path>`). Builds go to .build-fuzz (gitignored), never the main .build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${FUZZ_SECONDS:-25}
BUILD=$ROOT/.build-fuzz
mkdir -p "$BUILD"
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g)
# scripts/test.sh sets this: a compiler warning in a harness fails the run as it does in the main build.
if [ "${TERN_WARNINGS_AS_ERRORS:-0}" = 1 ]; then FLAGS+=(-warnings-as-errors); fi

# swiftc warns about ASan symbols it cannot export (ld.gold); harmless, so only errors are shown.
compile() {
    local out=$1
    shift
    swiftc "${FLAGS[@]}" -o "$BUILD/$out" "$@" 2>"$BUILD/$out.build.log" || { cat "$BUILD/$out.build.log" >&2; return 1; }
}

compile fuzz-lmtp -module-name TernLMTPFuzz Tests/Fuzz/lmtp/FuzzLMTPCommandParser.swift \
    Sources/TernLMTP/Command/*.swift Sources/TernLMTP/Reply/LMTPReply.swift
compile fuzz-dovecot-auth -module-name TernAuthFuzz Tests/Fuzz/dovecot-auth/FuzzDovecotAuth.swift \
    Sources/TernAuth/SASL/*.swift Sources/TernAuth/Encoding/*.swift Sources/TernAuth/Users/CredentialLimits.swift
# shellcheck disable=SC2046
compile fuzz-mime -module-name TernMIMEFuzz Tests/Fuzz/mime/FuzzMIMEScanner.swift \
    $(find Sources/TernMIME -name '*.swift' -not -path '*/Decoding/*' -not -name NIOAdapters.swift -not -name BinarySection.swift)
(cd Tests/Fuzz/imap && swift build -c release --build-path "$BUILD/imap" -Xswiftc -sanitize=fuzzer,address \
    -Xswiftc -parse-as-library >"$BUILD/imap.build.log" 2>&1) || { tail -40 "$BUILD/imap.build.log" >&2; exit 1; }

WORK=$(mktemp -d /tmp/tern-fuzz.XXXXXX)
mkdir -p "$WORK/imap/corpus" "$WORK/mime/corpus" "$WORK/lmtp/corpus" "$WORK/dovecot-auth/corpus"
Tests/Fuzz/imap/seed-corpus.sh "$WORK/imap/corpus"
cp Tests/TernMIMETests/Fixtures/*.eml "$WORK/mime/corpus/"
cp Tests/Fuzz/lmtp/corpus/* "$WORK/lmtp/corpus/"
cp Tests/Fuzz/dovecot-auth/corpus/* "$WORK/dovecot-auth/corpus/"

# run NAME BINARY MAX_LEN: one fuzzer in $WORK/NAME; artifacts (crash-*, leak-*, timeout-*) land there.
run() {
    local name=$1 binary=$2 max_len=$3
    "$binary" -max_total_time="$SECONDS_EACH" -max_len="$max_len" -rss_limit_mb=2048 -timeout=20 \
        -artifact_prefix="$WORK/$name/" "$WORK/$name/corpus" >"$WORK/$name/log" 2>&1
}
declare -A RUNS=()
run imap "$BUILD/imap/release/FuzzCommandParser" 4096 & RUNS[imap]=$!
run mime "$BUILD/fuzz-mime" 65536 & RUNS[mime]=$!
run lmtp "$BUILD/fuzz-lmtp" 1024 & RUNS[lmtp]=$!
run dovecot-auth "$BUILD/fuzz-dovecot-auth" 2048 & RUNS[dovecot-auth]=$!

failed=0
for name in imap mime lmtp dovecot-auth; do
    if wait "${RUNS[$name]}"; then
        echo "fuzz: $name ok ($(grep -o 'Done [0-9]* runs' "$WORK/$name/log" || echo '? runs') in ${SECONDS_EACH} s)"
    else
        failed=1
        echo "fuzz: $name FAILED; reproducer: $(ls "$WORK/$name"/{crash,leak,timeout,oom}-* 2>/dev/null | tr '\n' ' ')" >&2
        echo "fuzz: replay with $( [ "$name" = imap ] && echo "$BUILD/imap/release/FuzzCommandParser" || echo "$BUILD/fuzz-$name") <reproducer>; log: $WORK/$name/log" >&2
        grep -E -m5 "ERROR|failure|Fatal" "$WORK/$name/log" >&2 || tail -20 "$WORK/$name/log" >&2
    fi
done
((failed == 0)) || exit 1
rm -rf "$WORK"
