#!/usr/bin/env bash
# Throwaway single-node Ceph for tests: one monitor, one OSD on memstore, radosgw (beast) on loopback.
#
#   scripts/services/ceph.sh start STATEDIR   # prints `export TERN_TEST_S3_CEPH=...` on stdout
#   scripts/services/ceph.sh stop STATEDIR
#
# No cephx, pool size 1, everything (config, data, sockets, logs, pid files) under STATEDIR.
# Facts behind the settings: docs/internals/s3-test-servers.md (tcp_nodelay=1 avoids a 40 ms
# Nagle/delayed-ACK stall on every small request).
#
# TERN_TEST_S3_CEPH is a Tern storage URL:
#   s3://tern-test?endpoint=http://127.0.0.1:PORT&region=us-east-1&style=path&access_key=KEY&secret_key=SECRET
# The bucket is created by the tests (the first CreateBucket takes ~2 s while rgw creates its pools).
set -euo pipefail

cmd=${1:-}
state=${2:-}
if [[ -z "$cmd" || -z "$state" ]]; then
    echo "usage: $0 start|stop STATEDIR" >&2
    exit 2
fi

access_key=TERNCEPHTESTKEY00001
secret_key=terncephtestsecret0000000000000000000001

# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

stop_daemons() {
    stop_pidfiles "$state"/run/*.pid
}

install_if_missing() {
    if ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null \
        || ! command -v radosgw >/dev/null || ! command -v radosgw-admin >/dev/null; then
        echo "installing ceph (ceph-mon ceph-osd radosgw ceph-common)" >&2
        export DEBIAN_FRONTEND=noninteractive
        # Other service scripts may run apt at the same time (scripts/test.sh starts them in
        # parallel): retry the update, and let install wait for the dpkg lock.
        for _ in 1 2 3 4 5; do
            apt-get update >>"$state/apt.log" 2>&1 && break
            sleep 5
        done
        apt-get install -y -o DPkg::Lock::Timeout=300 --no-install-recommends \
            ceph-mon ceph-osd radosgw ceph-common >>"$state/apt.log" 2>&1
    fi
}

wait_for() { # description, tries (0.2 s each), command...
    local what=$1 tries=$2
    shift 2
    for _ in $(seq 1 "$tries"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "ceph.sh: timed out waiting for $what (logs in $state/log)" >&2
    return 1
}

start() {
    mkdir -p "$state"
    state=$(cd "$state" && pwd)
    stop_daemons
    rm -rf "$state/mon" "$state/osd0" "$state/run" "$state/log" "$state/rgw"
    mkdir -p "$state/mon" "$state/osd0" "$state/run" "$state/log" "$state/rgw"
    install_if_missing

    local mon_port rgw_port fsid conf
    mon_port=$(free_port)
    rgw_port=$(free_port)
    fsid=$(python3 -c 'import uuid; print(uuid.uuid4())')
    conf="$state/ceph.conf"
    cat >"$conf" <<CONF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
mon initial members = a
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
run dir = $state/run
admin socket = $state/run/\$name.asok
log file = $state/log/\$name.log
pid file = $state/run/\$name.pid
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
[mon.a]
mon data = $state/mon
[osd.0]
osd data = $state/osd0
osd objectstore = memstore
memstore device bytes = 1073741824
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port tcp_nodelay=1
rgw data = $state/rgw
CONF
    export CEPH_CONF="$conf"

    monmaptool --create --clobber --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$state/monmap" >"$state/log/setup.log" 2>&1
    ceph-mon --mkfs -i a --monmap "$state/monmap" >>"$state/log/setup.log" 2>&1
    ceph-mon -i a >>"$state/log/setup.log" 2>&1
    wait_for "the monitor" 150 ceph --connect-timeout 2 mon stat

    local osd_id osd_uuid
    osd_uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
    # A monitor that answers `mon stat` can still refuse commands for a moment while it settles
    # ("EPERM: problem getting command descriptions"): retry the first ones.
    for _ in $(seq 1 30); do
        osd_id=$(ceph osd create "$osd_uuid" 2>>"$state/log/setup.log") && [[ -n "$osd_id" ]] && break
        sleep 1
    done
    [[ -n "$osd_id" ]] || { echo "ceph.sh: could not create the OSD (see $state/log/setup.log)" >&2; exit 1; }
    ceph-osd -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >>"$state/log/setup.log" 2>&1
    for attempt in $(seq 1 30); do
        ceph osd crush add "osd.$osd_id" 1 root=default host=localhost >>"$state/log/setup.log" 2>&1 && break
        [[ $attempt -lt 30 ]] || { echo "ceph.sh: could not place the OSD (see $state/log/setup.log)" >&2; exit 1; }
        sleep 1
    done
    ceph-osd -i "$osd_id" >>"$state/log/setup.log" 2>&1
    wait_for "the OSD" 300 bash -c "ceph osd stat 2>/dev/null | grep -q '1 up'"

    radosgw -n client.rgw.a >>"$state/log/setup.log" 2>&1
    radosgw-admin user create --uid=tern --display-name=tern \
        --access-key="$access_key" --secret="$secret_key" >>"$state/log/setup.log" 2>&1
    wait_for "radosgw" 300 curl -sf -o /dev/null "http://127.0.0.1:$rgw_port/"

    echo "$rgw_port" >"$state/rgw.port"
    echo "export TERN_TEST_S3_CEPH='s3://tern-test?endpoint=http://127.0.0.1:$rgw_port&region=us-east-1&style=path&access_key=$access_key&secret_key=$secret_key'"
}

case "$cmd" in
start) start ;;
stop)
    if [[ -d "$state" ]]; then
        stop_daemons
    fi
    ;;
*)
    echo "usage: $0 start|stop STATEDIR" >&2
    exit 2
    ;;
esac
