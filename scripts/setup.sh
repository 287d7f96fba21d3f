#!/usr/bin/env bash
# Installs what building and testing Tern needs on Debian 12, idempotently: a no-op (well under a
# second) when everything is already there. Service-specific packages (Dovecot, Ceph, Postfix, moto)
# are installed by their own scripts in scripts/services/.
set -euo pipefail

# isync (mbsync), neomutt and offlineimap3 are the real IMAP clients the integration tests drive; xmllint
# (libxml2-utils) validates the autoconfiguration answers against their schemas.
APT_PACKAGES=(libjemalloc-dev libssl-dev libcrypt-dev libargon2-dev libsqlite3-dev zlib1g-dev python3 python3-pip curl
    openssl isync neomutt offlineimap3 libxml2-utils)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
        [ -x "$dir/swift" ] && export PATH="$dir:$PATH"
    done
    command -v swift >/dev/null 2>&1 || {
        echo "setup: the Swift 6.x toolchain is required (https://www.swift.org/install/linux/)" >&2
        exit 1
    }
fi
