#!/usr/bin/env bash
# Installs etcd for the CoreDNS backend's integration tests (test/coredns) when it is missing.
# Idempotent: does nothing but print the version when `etcd` is already on PATH.
set -euo pipefail

if ! command -v etcd >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-etcd: etcd is not on PATH and this is not root; run as root or install etcd-server" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends etcd-server
fi

etcd --version
