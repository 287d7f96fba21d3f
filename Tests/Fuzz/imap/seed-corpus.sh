#!/bin/sh
# Writes one seed file per command of the round-trip table into $1 (first byte: fuzzer control byte).
set -eu
out="$1"
mkdir -p "$out"
table="$(dirname "$0")/../../TernIMAPTests/Grammar/Command/CommandTable.swift"
python3 - "$table" "$out" <<'PY'
import re, sys, hashlib
table, out = sys.argv[1], sys.argv[2]
text = open(table).read()
for literal in re.findall(r'^\s*"((?:[^"\\]|\\.)*)",\s*$', text, re.M):
    literal = re.sub(r'\\u\{([0-9A-Fa-f]+)\}', lambda m: chr(int(m.group(1), 16)), literal)
    data = literal.encode('utf-8').decode('unicode_escape').encode('latin-1', 'replace')
    for control in (0x09, 0x94):
        blob = bytes([control]) + data
        open(f"{out}/{hashlib.sha1(blob).hexdigest()}", "wb").write(blob)
PY
