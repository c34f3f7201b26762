#!/usr/bin/env bash
# Makes Debian's Chromium available at /usr/bin/chromium for Playwright (never a downloaded browser).
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/packages.sh" test
