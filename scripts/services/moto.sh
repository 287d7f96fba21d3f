#!/usr/bin/env bash
# Two moto S3 servers on loopback for tests (moto keeps everything in memory).
#
#   scripts/services/moto.sh start STATEDIR   # prints two `export` lines on stdout
#   scripts/services/moto.sh stop STATEDIR
#
# TERN_TEST_S3_MOTO       plain moto_server: accepts any signature (fast, for the conformance suite).
# TERN_TEST_S3_MOTO_AUTH  moto_server with INITIAL_NO_AUTH_ACTION_COUNT: the first actions are free,
#                         and this script spends them creating an IAM user, its policy and an access
#                         key; from then on every request must carry a valid SigV4 signature for that
#                         key (a wrong secret gets 403 SignatureDoesNotMatch).
# Both are Tern storage URLs:
#   s3://tern-test?endpoint=http://127.0.0.1:PORT&region=us-east-1&style=path&access_key=KEY&secret_key=SECRET
# The bucket is created by the tests. Logs: STATEDIR/moto*.log.
set -euo pipefail

cmd=${1:-}
state=${2:-}
if [[ -z "$cmd" || -z "$state" ]]; then
    echo "usage: $0 start|stop STATEDIR" >&2
    exit 2
fi

# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

stop_servers() {
    stop_pidfiles "$state"/moto*.pid
}

wait_ready() { # port name
    for _ in $(seq 1 150); do
        # /moto-api/ is moto's own dashboard endpoint: it does not count as an AWS action.
        if curl -sf -o /dev/null "http://127.0.0.1:$1/moto-api/"; then return 0; fi
        sleep 0.1
    done
    echo "moto.sh: $2 did not start (see $state/$2.log)" >&2
    return 1
}

start() {
    mkdir -p "$state"
    state=$(cd "$state" && pwd)
    stop_servers
    if ! command -v moto_server >/dev/null; then
        echo "installing moto[server]" >&2
        pip install --quiet 'moto[server]' >"$state/pip.log" 2>&1
    fi

    local port auth_port
    port=$(free_port)
    auth_port=$(free_port)
    nohup moto_server -H 127.0.0.1 -p "$port" >"$state/moto.log" 2>&1 </dev/null &
    echo $! >"$state/moto.pid"
    INITIAL_NO_AUTH_ACTION_COUNT=3 nohup moto_server -H 127.0.0.1 -p "$auth_port" \
        >"$state/moto-auth.log" 2>&1 </dev/null &
    echo $! >"$state/moto-auth.pid"
    wait_ready "$port" moto
    wait_ready "$auth_port" moto-auth

    # Exactly three unauthenticated actions: CreateUser, PutUserPolicy, CreateAccessKey.
    local keys
    keys=$(python3 - "$auth_port" 2>>"$state/moto-auth.log" <<'PY'
import json, sys, urllib.parse, urllib.request
endpoint = f"http://127.0.0.1:{sys.argv[1]}/"
def iam(params):
    params = dict(params, Version="2010-05-08")
    request = urllib.request.Request(
        endpoint, data=urllib.parse.urlencode(params).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            # moto routes by the service in the credential scope.
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20200101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        })
    with urllib.request.urlopen(request) as response:
        return response.read().decode()
policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
iam({"Action": "CreateUser", "UserName": "tern"})
iam({"Action": "PutUserPolicy", "UserName": "tern", "PolicyName": "all", "PolicyDocument": policy})
body = iam({"Action": "CreateAccessKey", "UserName": "tern"})
import re
key = re.search(r"<AccessKeyId>([^<]+)</AccessKeyId>", body).group(1)
secret = re.search(r"<SecretAccessKey>([^<]+)</SecretAccessKey>", body).group(1)
# Percent-encoded: secrets may hold "/" and "+", and they go into a URL query.
print(urllib.parse.quote(key, safe=""), urllib.parse.quote(secret, safe=""))
PY
    )
    local key secret
    read -r key secret <<<"$keys"
    if [[ -z "$key" || -z "$secret" ]]; then
        echo "moto.sh: could not create IAM keys on the authenticating moto (see $state/moto-auth.log)" >&2
        return 1
    fi
    local query="region=us-east-1&style=path"
    echo "export TERN_TEST_S3_MOTO='s3://tern-test?endpoint=http://127.0.0.1:$port&$query&access_key=TERNMOTOTESTKEY&secret_key=ternmotosecret'"
    echo "export TERN_TEST_S3_MOTO_AUTH='s3://tern-test?endpoint=http://127.0.0.1:$auth_port&$query&access_key=$key&secret_key=$secret'"
}

case "$cmd" in
start) start ;;
stop) [[ -d "$state" ]] && stop_servers ;;
*)
    echo "usage: $0 start|stop STATEDIR" >&2
    exit 2
    ;;
esac
