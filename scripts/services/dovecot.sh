#!/usr/bin/env bash
# Throwaway Dovecot IMAP server on loopback: the reference ("oracle") for TernMIME's FETCH output, and
# the Dovecot that perf/compare measures against Tern.
#   scripts/services/dovecot.sh start STATEDIR [--tls] [--max-sessions N] [--lmtp]
#   scripts/services/dovecot.sh stop STATEDIR
# Prints export lines: TERN_TEST_DOVECOT=127.0.0.1:PORT, TERN_TEST_DOVECOT_USER, TERN_TEST_DOVECOT_PASSWORD,
# TERN_TEST_DOVECOT_PID (master process; its tree holds every session), and with --tls
# TERN_TEST_DOVECOT_TLS=127.0.0.1:PORT.
#   --tls             also an IMAPS listener with a self-signed P-256 certificate (made in STATEDIR)
#   --max-sessions N  limits raised for N concurrent sessions (stock model: one imap process per user,
#                     a few imap-login processes serving all connections), as for load tests
#   --lmtp            also Dovecot's LMTP on a TCP port (TERN_TEST_DOVECOT_LMTP=127.0.0.1:PORT), delivering
#                     into the same maildirs (recipient "user@domain" is IMAP user "user@domain");
#                     installs dovecot-lmtpd if missing
# Any user name logs in with password "tern" (static passdb; the tests use user "tern"), mail in
# maildirs. Everything (config, logs, state) lives in STATEDIR and a runtime directory under /tmp; the
# system Dovecot is never used. Dovecot is installed (without starting the system instance) if missing.
set -euo pipefail

usage() { echo "usage: $0 start STATEDIR [--tls] [--max-sessions N] [--lmtp] | stop STATEDIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
command="$1"
statedir="$2"
shift 2
tls=no
lmtp=no
max_sessions=""
while [ $# -gt 0 ]; do
    case "$1" in
        --tls) tls=yes; shift ;;
        --lmtp) lmtp=yes; shift ;;
        --max-sessions)
            [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage
            max_sessions="$2"; shift 2 ;;
        *) usage ;;
    esac
done
if [ "$command" != start ] && { [ "$tls" = yes ] || [ "$lmtp" = yes ] || [ -n "$max_sessions" ]; }; then usage; fi
mkdir -p "$statedir"
statedir="$(cd "$statedir" && pwd)"

install_dovecot() {
    local packages="dovecot-imapd"
    if [ "$lmtp" = yes ]; then packages="$packages dovecot-lmtpd"; fi
    if [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] && { [ "$lmtp" = no ] || [ -x /usr/lib/dovecot/lmtp ]; }; then
        return
    fi
    # Keep the package's postinst from starting a system Dovecot: a policy-rc.d that denies
    # every service action, removed again afterwards if we created it.
    local created_policy=no
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created_policy=yes
    fi
    # Other service scripts may run apt at the same time: wait for the locks, retry a few times,
    # and refresh the package lists only when the install alone fails.
    local attempt
    for attempt in 1 2 3 4 5; do
        if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            -o DPkg::Lock::Timeout=600 $packages >> "$statedir/install.log" 2>&1; then
            break
        fi
        apt-get update -o DPkg::Lock::Timeout=600 >> "$statedir/install.log" 2>&1 || true
        sleep $((attempt * 3))
    done
    if [ "$created_policy" = yes ]; then rm -f /usr/sbin/policy-rc.d; fi
    if [ ! -x /usr/sbin/dovecot ] || { [ "$lmtp" = yes ] && [ ! -x /usr/lib/dovecot/lmtp ]; }; then
        echo "dovecot.sh: installing $packages failed; see $statedir/install.log" >&2
        exit 1
    fi
    # If something started the system instance anyway, stop exactly that instance.
    if [ -f /run/dovecot/master.pid ]; then
        kill "$(cat /run/dovecot/master.pid)" 2>/dev/null || true
    fi
}

# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# The runtime directory (sockets, pid file, maildirs) lives under /tmp, recorded in STATEDIR/workdir:
# Dovecot refuses uid 0 for mail processes, so the maildirs belong to nobody, and STATEDIR may sit
# below a directory nobody cannot enter (/root) or be too long for unix socket paths (108 bytes).
pidfile() {
    [ -f "$statedir/workdir" ] && echo "$(cat "$statedir/workdir")/run/master.pid"
}

# The IMAPS listener (--tls) or none.
tls_settings() { # tls_port
    if [ "$tls" = yes ]; then
        cat <<CONF
  inet_listener imaps {
    address = 127.0.0.1
    port = $1
    ssl = yes
  }
CONF
    else
        cat <<CONF
  inet_listener imaps {
    port = 0
  }
CONF
    fi
}

# Dovecot's LMTP service on a TCP port (--lmtp) or none.
lmtp_settings() { # lmtp_port
    [ "$lmtp" = yes ] || return 0
    cat <<CONF
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $1
  }
}
CONF
}

# Limits for --max-sessions N: every service that holds a descriptor or a process per session.
limit_settings() {
    [ -n "$max_sessions" ] || return 0
    local clients=$(( max_sessions * 2 ))
    local service_clients=$(( max_sessions * 3 ))
    cat <<CONF
default_process_limit = $max_sessions
default_client_limit = $clients
service imap {
  process_limit = $max_sessions
}
service anvil {
  client_limit = $service_clients
}
service auth {
  client_limit = $service_clients
}
CONF
}

start() {
    local pid_file
    pid_file="$(pidfile || true)"
    if [ -n "$pid_file" ] && [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        cat "$statedir/env"
        return
    fi
    install_dovecot
    local port tls_port="" lmtp_port="" workdir
    port="$(free_port)"
    if [ "$lmtp" = yes ]; then lmtp_port="$(free_port)"; fi
    if [ "$tls" = yes ]; then
        tls_port="$(free_port)"
        if [ ! -f "$statedir/key.pem" ]; then
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$statedir/key.pem" \
                -out "$statedir/cert.pem" -days 30 -subj /CN=localhost > "$statedir/openssl.log" 2>&1
        fi
    fi
    mkdir -p "$statedir/state"
    workdir="$(mktemp -d /tmp/tern-dovecot.XXXXXX)"
    chmod 755 "$workdir"
    mkdir -p "$workdir/run" "$workdir/mail"
    chown nobody:nogroup "$workdir/mail"
    echo "$workdir" > "$statedir/workdir"
    local maildir="$workdir/mail"
    local login_limits=""
    if [ -n "$max_sessions" ]; then
        # High-performance login mode: a few login processes serve all connections.
        login_limits="  service_count = 0
  process_min_avail = 2
  client_limit = $max_sessions"
    fi
    cat > "$statedir/dovecot.conf" <<CONF
# Generated by scripts/services/dovecot.sh; stock settings except where noted.
protocols = imap$(if [ "$lmtp" = yes ]; then echo " lmtp"; fi)
listen = 127.0.0.1
base_dir = $workdir/run
state_dir = $statedir/state
instance_name = tern-test-dovecot
log_path = $statedir/dovecot.log
info_log_path = $statedir/dovecot.log
$(if [ "$tls" = yes ]; then printf 'ssl = yes\nssl_cert = <%s\nssl_key = <%s' "$statedir/cert.pem" "$statedir/key.pem"; else echo "ssl = no"; fi)
disable_plaintext_auth = no
auth_mechanisms = plain login
# A FETCH that fails before its literal began (e.g. BINARY.SIZE of corrupt base64) answers NO
# instead of dropping the connection, so the comparison sees Dovecot's verdict per item.
imap_fetch_failure = no-after
mail_location = maildir:$maildir/%u
# COMPRESS=DEFLATE (RFC 4978) for the imaplib scenario that runs compressed against both servers.
mail_plugins = \$mail_plugins zlib
protocol imap {
  mail_plugins = \$mail_plugins imap_zlib
}
# Static passdb: any user name, password "tern" (user "tern" is what the tests use).
passdb {
  driver = static
  args = password=tern
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$maildir/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
$(tls_settings "$tls_port")
$login_limits
}
$(lmtp_settings "$lmtp_port")
$(limit_settings)
service stats {
$(if [ -n "$max_sessions" ]; then echo "  client_limit = $(( max_sessions * 3 ))"; fi)
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0600
  }
}
CONF
    /usr/sbin/dovecot -c "$statedir/dovecot.conf"
    # Wait until the listener accepts connections (bounded: 10 s).
    for _ in $(seq 1 100); do
        if python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1', $port)))" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    {
        echo "export TERN_TEST_DOVECOT=127.0.0.1:$port"
        echo "export TERN_TEST_DOVECOT_USER=tern"
        echo "export TERN_TEST_DOVECOT_PASSWORD=tern"
        echo "export TERN_TEST_DOVECOT_PID=$(cat "$workdir/run/master.pid")"
        if [ "$tls" = yes ]; then echo "export TERN_TEST_DOVECOT_TLS=127.0.0.1:$tls_port"; fi
        if [ "$lmtp" = yes ]; then echo "export TERN_TEST_DOVECOT_LMTP=127.0.0.1:$lmtp_port"; fi
    } > "$statedir/env"
    cat "$statedir/env"
}

stop() {
    local pid_file
    pid_file="$(pidfile || true)"
    if [ -n "$pid_file" ] && [ -f "$pid_file" ]; then
        # 10 s: with thousands of sessions the master takes a while to stop its children.
        stop_pid "$(cat "$pid_file")" 100
    fi
    if [ -f "$statedir/workdir" ]; then
        local workdir
        workdir="$(cat "$statedir/workdir")"
        case "$workdir" in
            /tmp/tern-dovecot.*) rm -rf "$workdir" ;;
        esac
        rm -f "$statedir/workdir"
    fi
    rm -f "$statedir/env"
}

case "$command" in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
