#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's browser test (test/browser/), driven by
# playwright-core. Idempotent: does nothing when a chromium is already on PATH. playwright-core never
# downloads a browser of its own here; the test launches /usr/bin/chromium.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium: chromium is missing and this user cannot apt-get install it; run 'apt-get install -y chromium' as root" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
command -v chromium >/dev/null
