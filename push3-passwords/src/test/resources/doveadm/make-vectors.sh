#!/bin/sh
# Regenerates vectors.tsv with Dovecot's own doveadm (Debian: apt-get install dovecot-core).
# Usage: sh make-vectors.sh > vectors.tsv
# Each line: SCHEME <TAB> PASSWORD <TAB> output of: doveadm pw -s SCHEME [-r ROUNDS] -p PASSWORD
set -eu
echo "# Made by make-vectors.sh with $(dovecot --version 2>/dev/null || echo 'doveadm') on $(date -u +%Y-%m-%d):"
echo "#   doveadm pw -s SCHEME [-r ROUNDS] -p PASSWORD"
echo "# scheme<TAB>rounds (- for the default)<TAB>password<TAB>doveadm's output"
long=$(printf 'x%.0s' $(seq 1 80))
strong="PLAIN SHA512-CRYPT SHA256-CRYPT BLF-CRYPT ARGON2ID ARGON2I SSHA256 SSHA512 PBKDF2 SCRAM-SHA-256 SCRAM-SHA-1"
# Refused unless auth.file.allow-weak-schemes=true, as Dovecot 2.4's auth_allow_weak_schemes.
weak="MD5-CRYPT SHA SHA1 SHA256 SHA512 SSHA SMD5 PLAIN-MD5 LDAP-MD5 CRAM-MD5 HMAC-MD5"
for scheme in $strong $weak; do
  for password in 'secret' 'pass word with spaces' 'pässwörd€' "$long"; do
    printf '%s\t-\t%s\t%s\n' "$scheme" "$password" "$(doveadm pw -s "$scheme" -p "$password")"
  done
done
# Non-default cost parameters, as operators set them.
for pair in SHA512-CRYPT:10000 SHA256-CRYPT:10000 BLF-CRYPT:10 PBKDF2:20000; do
  scheme=${pair%%:*}; rounds=${pair#*:}
  printf '%s\t%s\t%s\t%s\n' "$scheme" "$rounds" 'secret' "$(doveadm pw -s "$scheme" -r "$rounds" -p secret)"
done
# Dovecot's encoding suffixes, which any scheme may carry (PostfixAdmin's sha512.b64 writes .B64).
for scheme in $strong $weak; do
  for suffix in B64 BASE64 HEX; do
    printf '%s\t-\t%s\t%s\n' "$scheme.$suffix" 'pass word' "$(doveadm pw -s "$scheme.$suffix" -p 'pass word')"
  done
done
