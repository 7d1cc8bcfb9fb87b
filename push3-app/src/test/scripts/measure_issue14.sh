#!/bin/sh
# Every figure of issue 14's table in one run, one step after the other, with the load
# average before each step (docs/PERFORMANCE.md). About 15 minutes; loopback only.
#
#   push3-app/src/test/scripts/measure_issue14.sh IMAGE [ROUNDS]
#
# IMAGE is a built image (push3-app/target/push3); the tarball is looked for beside it.
# Steps: Push3 beside Redis (compare_redis.sh, ROUNDS rounds, default 2, the service unit's
# JVM options, no start-up cache so that every round starts alike); heap per idle session,
# 9,000 held, on a cold server and after 10 s of whole sessions (WARMUP=10); 19,000 sessions
# held with 19/50 of the unit's heap (this machine's open-file limit is 20,000 per process);
# start-up against `java -version` (measure_startup.py, 10 runs); the image's and the
# tarball's sizes.
set -e
IMAGE=${1:?usage: measure_issue14.sh IMAGE [ROUNDS]}
ROUNDS=${2:-2}
HERE=$(dirname "$0")
UNIT=$(sed -n 's/^Environment="\{0,1\}PUSH3_JAVA_OPTS=\([^"]*\)"\{0,1\}$/\1/p' "$HERE/../../../../dist/push3.service")
step() { echo; echo "== $1 ($(date -u +%H:%M:%S) UTC, load average $(cut -d ' ' -f 1-3 /proc/loadavg))"; }
step "Push3 beside Redis, $ROUNDS rounds, PUSH3_JAVA_OPTS=$UNIT"
PUSH3_AOT=off PUSH3_JAVA_OPTS="$UNIT" "$HERE/compare_redis.sh" "$IMAGE" "$ROUNDS"
step "heap per idle session, 9000 held, cold server"
"$HERE/measure_idle_sessions.sh" "$IMAGE" 9000 "$UNIT" | grep -E '^(push3|redis):'
step "heap per idle session, 9000 held, after 10 s of whole sessions"
WARMUP=10 "$HERE/measure_idle_sessions.sh" "$IMAGE" 9000 "$UNIT" | grep -E '^(push3|redis):'
step "19000 sessions held with 19/50 of the unit's heap"
"$HERE/measure_idle_sessions.sh" "$IMAGE" 19000 "$(echo "$UNIT" | sed 's/-Xms[0-9]*m -Xmx[0-9]*m/-Xms243m -Xmx243m/')" \
  | grep -E '^push3:'
step "start-up, 10 runs, against runtime/bin/java -version"
rm -rf "$IMAGE/var"
"$HERE/measure_startup.py" "$IMAGE" 10
step "sizes"
du -sb "$IMAGE/bin" "$IMAGE/conf" "$IMAGE/lib" "$IMAGE/plugins" "$IMAGE/runtime" | awk '{ total += $1; print } END { print total, "image total (bytes)" }'
ls -l "$IMAGE"/../push3-*.tar.gz | awk '{ print $5, $9, "(bytes)" }'
