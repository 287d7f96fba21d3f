#!/usr/bin/env python3
"""Generates TernMIME's test corpus: Tests/TernMIMETests/Corpus/*.eml.

Deterministic (fixed seed, no clock): running it again rewrites byte-identical files.
Real-world shapes are prefixed "rw-", torture cases "t-". Line endings are CRLF except where a case
is about bare LF or mixed endings. Usage: python3 scripts/mime-corpus/generate.py [OUTDIR]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mimekit  # noqa: E402
import realworld  # noqa: E402,F401  (importing a case module adds its messages)
import torture  # noqa: E402,F401

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests", "TernMIMETests", "Corpus")
os.makedirs(out, exist_ok=True)
for existing in os.listdir(out):
    if existing.endswith(".eml"):
        os.remove(os.path.join(out, existing))
total = 0
for name, data in sorted(mimekit.corpus.items()):
    with open(os.path.join(out, name + ".eml"), "wb") as f:
        f.write(data)
    total += len(data)
print("%d messages, %d bytes in %s" % (len(mimekit.corpus), total, out))
