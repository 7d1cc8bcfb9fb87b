#!/usr/bin/env bash
# Captures samples/dovecot-2.3.19-openmetrics.txt from the real Dovecot test image.
# Runs push3-test/dovecot:2.3 with POP3 and the stats listener on fixed loopback ports, the
# metric blocks of ../dovecot/metrics.conf plus one per-user failure metric
# (group_by = user, with auth_username_chars opened up so a name with '"' and '\' reaches
# the label escaping), drives a few POP3 sessions, and saves the /metrics body byte for byte.
# With --histogram-group-by it adds, before the per-user metric, a metric grouped by a
# duration histogram and then a field: Dovecot 2.3.19 then writes invalid lines such as
# dovecot_auth_failure_by_user_total{"duration_11_100"} 1, and the body goes to
# samples/dovecot-2.3.19-histogram-group-by.txt.
# Usage: capture-dovecot-sample.sh [--histogram-group-by]
#        (needs docker, doveadm, curl, python3; ports 21110/21900 free)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/dovecot-2.3.19-openmetrics.txt"
histogram_group_by=""
if [ "${1:-}" = "--histogram-group-by" ]; then
  out="$here/dovecot-2.3.19-histogram-group-by.txt"
  histogram_group_by='
metric auth_passdb_duration_by_result {
  filter = event=auth_passdb_request_finished
  group_by = duration:exponential:1:5:10 result
}'
fi
work="$(mktemp -d)"
name="push3-om-capture-$$"
trap 'docker rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# The same base as the sample was captured with (the tests' own configuration is written by
# dev.push3.testkit.dovecot.DovecotOptions).
cat > "$work/dovecot.conf" <<'CONF'
protocols = pop3
listen = 127.0.0.1
log_path = /dev/stderr
info_log_path = /dev/stderr
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
auth_failure_delay = 0
mail_location = maildir:/tmp/mail/%u
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT /etc/dovecot/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/tmp/mail/%u
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = 21110
  }
  inet_listener pop3s {
    port = 0
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  inet_listener http {
    address = 127.0.0.1
    port = 21900
  }
}
CONF
cat "$here/../dovecot/metrics.conf" >> "$work/dovecot.conf"
echo "$histogram_group_by" >> "$work/dovecot.conf"
cat >> "$work/dovecot.conf" <<'CONF'
auth_username_chars =
metric auth_failure_by_user {
  filter = event=auth_request_finished AND NOT success=yes
  group_by = user
}
metric auth_duration {
  filter = event=auth_request_finished
  group_by = duration:exponential:1:5:10
}
CONF
echo "alice:$(doveadm pw -s SHA512-CRYPT -p secret)" > "$work/users"
chmod 644 "$work/dovecot.conf" "$work/users"
docker run -d --name "$name" --network host \
  -v "$work/dovecot.conf:/etc/dovecot/dovecot.conf:ro" -v "$work/users:/etc/dovecot/users:ro" \
  push3-test/dovecot:2.3 >/dev/null
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:21900/metrics >/dev/null && break; sleep 0.2; done
docker exec "$name" sh -c 'mkdir -p /tmp/mail/alice/new /tmp/mail/alice/cur /tmp/mail/alice/tmp &&
  for i in 1 2; do printf "Subject: m$i\r\n\r\nhello $i\r\n" > /tmp/mail/alice/new/100$i.m$i.host; done &&
  chown -R nobody:nogroup /tmp/mail'

pop3() { python3 - "$@" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", 21110)); f = s.makefile("rwb"); f.readline()
for command in sys.argv[1:]:
    f.write((command + "\r\n").encode()); f.flush(); f.readline()
s.close()
PY
}
pop3 "USER alice" "PASS secret" "STAT" "DELE 1" "QUIT"
pop3 "USER alice" "PASS wrong" "QUIT"
pop3 'USER o"neil\x' "PASS x" "QUIT"
sleep 1
curl -sf -D "$work/headers" http://127.0.0.1:21900/metrics > "$out"
grep -i '^content-type' "$work/headers"
echo "wrote $out"
