# Shared helpers for Tern's scripts (sourced, not run).

# install_apt PKG...: installs the Debian packages that are missing, quietly.
install_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0
    echo "installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
}

# free_port: prints a TCP port on 127.0.0.1 that is free right now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# stop_pid PID [TENTHS]: SIGTERM, wait up to TENTHS/10 s (default 5 s) for the exit, then SIGKILL.
stop_pid() {
    local pid=$1 tries=${2:-50}
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$tries"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

# stop_pidfiles FILE...: stop_pid for each pid file that exists, then remove it.
stop_pidfiles() {
    local pidfile
    for pidfile in "$@"; do
        [[ -e "$pidfile" ]] || continue
        stop_pid "$(cat "$pidfile" 2>/dev/null || true)"
        rm -f "$pidfile"
    done
}
