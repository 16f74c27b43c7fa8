#!/usr/bin/env bash
# Installs the real servers and the browser the integration tests drive, when they are
# missing: etcd (Debian etcd-server) for the CoreDNS backend, BIND9's named (Debian bind9)
# for the RFC 2136 backend and the DNS observer, Chromium (Debian chromium) for the HTML
# report test. Idempotent: when everything is on PATH it only prints the versions.
# Outside CI and without root it warns that those tests will be skipped; in CI it fails.
set -euo pipefail

# binary on PATH (or in /usr/sbin) -> Debian package that provides it
declare -A package=([etcd]=etcd-server [named]=bind9 [chromium]=chromium)
missing=()
for bin in etcd named chromium; do
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || missing+=("${package[$bin]}")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-system: missing ${missing[*]} and this is not root: install those Debian packages." >&2
    echo "install-system: the tests that need them will be SKIPPED outside CI and FAIL in CI." >&2
    [ -n "${CI:-}" ] && exit 1
    exit 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}" bind9-dnsutils
fi

etcd --version | sed -n 1p
{ command -v named >/dev/null 2>&1 && named -v; } || /usr/sbin/named -v
chromium --version 2>/dev/null
