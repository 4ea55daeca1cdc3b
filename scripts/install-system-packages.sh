#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the test suite runs for real (Chromium, DNS servers, the
# keychain, OpenSSL, ...), as listed in .ci/apt-packages.txt. Needs root (or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=$(grep -v '^\s*#' .ci/apt-packages.txt | grep -v '^\s*$' | tr '\n' ' ')
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq $packages >/dev/null
echo "installed: $packages"
