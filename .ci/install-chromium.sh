#!/bin/sh
# Installs the browser the HTML report test renders with (tests/report.rs, html_in_a_real_browser)
# and CJK fonts so that Japanese text renders. Debian/Ubuntu; run as root. Idempotent.
set -eu
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    echo "chromium and fonts-noto-cjk are already installed"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium fonts-noto-cjk
/usr/bin/chromium --version
