#!/usr/bin/env bash
# Debian's Postfix for the delivery integration tests (Tests/TernIntegrationTests/DeliveryPostfix).
#
#   scripts/services/postfix.sh install          # installs postfix + swaks without configuring a system instance
#   scripts/services/postfix.sh start STATEDIR   # install, then prints `export TERN_TEST_POSTFIX=/usr/sbin/postfix`
#   scripts/services/postfix.sh stop STATEDIR    # stops any test instance left under STATEDIR or /tmp
#
# The tests run their own throwaway instances (own main.cf/master.cf in a temp dir, loopback ports only), since
# each must point at the LMTP and SASL ports of the Tern it starts; they need root (postfix start requires it).
# "No configuration" keeps Debian from writing /etc/postfix/main.cf, so no system Postfix ever starts.
set -euo pipefail

cmd=${1:-}
state=${2:-}

# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

install() {
    if command -v postfix >/dev/null && command -v swaks >/dev/null; then return 0; fi
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    install_apt postfix swaks
}

stop_instances() {
    local config
    for config in "$@"; do
        [[ -f "$config/main.cf" ]] || continue
        postfix -c "$config" stop >/dev/null 2>&1 || true
    done
}

case "$cmd" in
install)
    install
    ;;
start)
    [[ -n "$state" ]] || { echo "usage: $0 start STATEDIR" >&2; exit 2; }
    mkdir -p "$state"
    install >"$state/install.log" 2>&1 || { cat "$state/install.log" >&2; exit 1; }
    echo "export TERN_TEST_POSTFIX=$(command -v postfix)"
    ;;
stop)
    [[ -n "$state" ]] || { echo "usage: $0 stop STATEDIR" >&2; exit 2; }
    shopt -s nullglob
    stop_instances "$state"/*/etc /tmp/tern-postfix-*/etc
    ;;
*)
    echo "usage: $0 install | start STATEDIR | stop STATEDIR" >&2
    exit 2
    ;;
esac
