#!/usr/bin/env bash
# Builds the Dovecot POP3 test image push3-test/dovecot:2.3 from Debian packages.
# No container registry is needed: debootstrap makes a minimal Debian root file system
# with dovecot-pop3d, and `docker import` turns it into an image.
#
# Usage: docker/dovecot/build-image.sh [--if-missing]
#   --if-missing   do nothing when the image already exists
# Needs: root, debootstrap, a running Docker engine. Takes about a minute.
set -euo pipefail

IMAGE="${PUSH3_DOVECOT_IMAGE:-push3-test/dovecot:2.3}"
SUITE=bookworm

if [[ "${1:-}" == "--if-missing" ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "image $IMAGE exists"
  exit 0
fi

# Take the mirror this machine's apt already uses, so the build works where apt works.
mirror="$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
if [[ -z "$mirror" ]]; then
  mirror="$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

rootfs="$(mktemp -d /tmp/push3-dovecot-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT

echo "debootstrap $SUITE from $mirror into $rootfs"
debootstrap --variant=minbase --include=dovecot-pop3d,dovecot-core,openssl "$SUITE" "$rootfs" "$mirror" >/dev/null
# The package's default configuration is replaced by the one each test mounts.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import \
  --change 'CMD ["dovecot", "-F", "-c", "/etc/dovecot/dovecot.conf"]' - "$IMAGE" >/dev/null
echo "built $IMAGE"
