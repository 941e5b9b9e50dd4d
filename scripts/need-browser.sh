#!/usr/bin/env bash
# The console's browser test (e2e ConsoleIT) drives Debian's Chromium and its driver. The README's
# test command runs this before the end-to-end tests: on a machine without them it installs them
# (Debian's packages chromium and chromium-driver: as root, or through sudo without a password),
# else it says what to install and fails, before any suite starts.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if [[ $(id -u) == 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "The browser test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver" \
    "(as root; or run the tests with -DskipE2e)." >&2
  exit 1
fi
echo "Installing Debian's chromium and chromium-driver for the browser test (log: /tmp/need-browser.log) ..."
if ! { "${as_root[@]}" apt-get update -qq &&
       "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } >/tmp/need-browser.log 2>&1; then
  tail -20 /tmp/need-browser.log >&2
  exit 1
fi
/usr/bin/chromium --version
