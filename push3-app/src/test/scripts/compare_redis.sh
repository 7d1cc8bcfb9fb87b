#!/bin/sh
# Push3 beside Redis, measured by one load engine (push3 bench) in one run, on loopback.
#
#   push3-app/src/test/scripts/compare_redis.sh IMAGE [ROUNDS]
#
# Starts a Push3 server from IMAGE (bin/push3 serve) with the service unit's heap (-Xmx128m)
# and a users file with one {PLAIN} user, and redis-server (Debian package redis-server) with
# requirepass and no persistence, each on a free loopback port; then, ROUNDS times (default 1),
# 50 clients for 5 s after a 2 s warm-up: persistent connections (METRICS vs INFO server) and
# whole sessions (connect, LOGIN/AUTH, METRICS/INFO server, QUIT), from 127.0.0.2-9. Prints
# push3 bench's summary lines; stops both servers. Bounded: 4 x ROUNDS x 7 s of load.
set -e
IMAGE=${1:?usage: compare_redis.sh IMAGE [ROUNDS]}
ROUNDS=${2:-1}
P3="$IMAGE/bin/push3"
WORK=$(mktemp -d)
PUSH3_PORT=${PUSH3_PORT:-22254}
REDIS_PORT=${REDIS_PORT:-26379}
mkdir "$WORK/etc"
printf 'alice:{PLAIN}secret\n' > "$WORK/etc/users"
printf 'server.port=%s\nauth.backend=file\nauth.file.path=%s/etc/users\n' "$PUSH3_PORT" "$WORK" > "$WORK/etc/push3.properties"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --requirepass pw --save '' --appendonly no > "$WORK/redis.log" 2>&1 &
REDIS=$!
PUSH3_JAVA_OPTS="${PUSH3_JAVA_OPTS:--Xmx128m}" "$P3" serve --config "$WORK/etc/push3.properties" > "$WORK/push3.out" 2> "$WORK/push3.err" &
PUSH3=$!
trap 'kill -TERM $PUSH3 $REDIS 2>/dev/null; wait $PUSH3 $REDIS 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
until grep -q listening "$WORK/push3.err" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 600 ] || { echo "push3 did not start" >&2; exit 1; }; sleep 0.1
done
common="-c 50 -d 5 --warmup 2 --source 127.0.0.2-9"
round=1
while [ $round -le "$ROUNDS" ]; do
  PUSH3_PASSWORD=secret "$P3" bench -p "$PUSH3_PORT" -u alice $common || true
  PUSH3_PASSWORD=pw "$P3" bench --protocol redis -p "$REDIS_PORT" $common || true
  PUSH3_PASSWORD=secret "$P3" bench -p "$PUSH3_PORT" -u alice --mode sessions $common || true
  PUSH3_PASSWORD=pw "$P3" bench --protocol redis -p "$REDIS_PORT" --mode sessions $common || true
  round=$((round + 1))
done
