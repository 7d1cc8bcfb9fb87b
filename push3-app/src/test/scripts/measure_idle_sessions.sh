#!/bin/sh
# Heap per idle logged-in session of Push3 beside Redis's used_memory per idle client, in one run.
#
#   push3-app/src/test/scripts/measure_idle_sessions.sh IMAGE SESSIONS [JAVA_OPTS]
#
# Starts a Push3 server from IMAGE (bin/push3 serve, PUSH3_JAVA_OPTS=JAVA_OPTS, default the
# service unit's) allowing SESSIONS connections, reads its heap after a full GC (jcmd GC.run,
# GC.heap_info), holds SESSIONS logged-in idle sessions with `push3 bench --hold` from
# 127.0.0.2-9, reads the heap again and writes the class histogram of the difference's main
# holders; then the same against redis-server (requirepass, INFO memory used_memory, 10 s after
# the clients authenticated, when Redis has shrunk idle clients' query buffers). Loopback only;
# bounded: each hold lasts at most 180 s. WARMUP=SECONDS: whole sessions first (see below). Needs the JDK's jcmd ($JCMD, default the JDK 25's).
set -e
IMAGE=${1:?usage: measure_idle_sessions.sh IMAGE SESSIONS [JAVA_OPTS]}
N=${2:?usage: measure_idle_sessions.sh IMAGE SESSIONS [JAVA_OPTS]}
OPTS=${3:-$(sed -n 's/^Environment="\{0,1\}PUSH3_JAVA_OPTS=\([^"]*\)"\{0,1\}$/\1/p' "$(dirname "$0")/../../../../dist/push3.service")}
JCMD=${JCMD:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd}
P3="$IMAGE/bin/push3"
WORK=$(mktemp -d)
PUSH3_PORT=${PUSH3_PORT:-22254}
REDIS_PORT=${REDIS_PORT:-26379}
printf 'alice:{PLAIN}secret\n' > "$WORK/users"
printf 'server.port=%s\nauth.backend=file\nauth.file.path=%s/users\nserver.max-connections=%s\nserver.max-connections-per-address=%s\n' \
  "$PUSH3_PORT" "$WORK" "$((N + 100))" "$((N + 100))" > "$WORK/push3.properties"
PUSH3_AOT=off PUSH3_JAVA_OPTS="$OPTS" "$P3" serve --config "$WORK/push3.properties" > "$WORK/push3.out" 2> "$WORK/push3.err" &
PUSH3=$!
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --requirepass pw --save '' --appendonly no --maxclients $((N + 100)) > "$WORK/redis.log" 2>&1 &
REDIS=$!
trap 'kill -TERM $PUSH3 $REDIS 2>/dev/null; wait $PUSH3 $REDIS 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $PUSH3_PORT), 1).close()" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 300 ] || { cat "$WORK/push3.err"; exit 1; }; sleep 0.2
done
heap_used() { # KB used after a full GC
  "$JCMD" "$PUSH3" GC.run > /dev/null
  "$JCMD" "$PUSH3" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1
}
# $1 port, $2 password, then bench's protocol options: holds N sessions in the background until "holding" is printed
hold() {
  port=$1 password=$2 && shift 2
  PUSH3_PASSWORD="$password" "$P3" bench "$@" -p "$port" --hold "$N" -d 180 -c 50 --source 127.0.0.2-9 > "$WORK/hold.out" 2>&1 &
  HOLD=$!
  until grep -q holding "$WORK/hold.out" 2>/dev/null; do
    kill -0 $HOLD 2>/dev/null || { cat "$WORK/hold.out"; exit 1; }; sleep 0.5
  done
}
# WARMUP=N: N seconds of whole sessions first, so that the session code is compiled as on a
# server that has been running (an idle session's stack is smaller with compiled frames).
if [ "${WARMUP:-0}" -gt 0 ]; then
  PUSH3_PASSWORD=secret "$P3" bench -p "$PUSH3_PORT" -u alice --mode sessions -c 20 -d "$WARMUP" --source 127.0.0.2-9 > /dev/null || true
fi
before=$(heap_used)
hold "$PUSH3_PORT" secret -u alice
after=$(heap_used)
"$JCMD" "$PUSH3" GC.class_histogram | head -25
echo "push3: $(cat "$WORK/hold.out" | head -1)"
echo "push3: heap after GC ${before}K before, ${after}K holding: $(( (after - before) * 1024 / N )) bytes per idle session ($OPTS)"
kill $HOLD; wait $HOLD 2>/dev/null || true
r() { redis-cli -p "$REDIS_PORT" -a pw --no-auth-warning "$@"; }
rbefore=$(r INFO memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
hold "$REDIS_PORT" pw --protocol redis
sleep 10
rafter=$(r INFO memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
echo "redis: $(cat "$WORK/hold.out" | head -1)"
echo "redis: used_memory ${rbefore} before, ${rafter} holding: $(( (rafter - rbefore) / N )) bytes per idle client"
kill $HOLD; wait $HOLD 2>/dev/null || true
