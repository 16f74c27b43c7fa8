#!/usr/bin/env bash
# Installs etcd for the CoreDNS backend's integration tests (test/coredns) when it is missing.
# Idempotent: does nothing but print the version when `etcd` is already on PATH.
set -euo pipefail

if ! command -v etcd >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-etcd: etcd is not on PATH and this is not root: install Debian's etcd-server." >&2
    echo "install-etcd: the etcd tests will be SKIPPED outside CI and FAIL in CI." >&2
    [ -n "${CI:-}" ] && exit 1
    exit 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends etcd-server
fi

etcd --version
