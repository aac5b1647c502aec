#!/bin/sh
# Installs what the tests render and read with: Chromium and CJK fonts (the HTML report printed to
# PDF), LibreOffice Calc (CSV opened as Excel would, XLSX printed to PDF), poppler-utils (pdfinfo,
# pdftotext, pdftoppm) and jq (the GitHub Action's script). Debian/Ubuntu; run as root. Idempotent.
set -eu
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
command -v soffice >/dev/null || missing="$missing libreoffice-calc"
command -v pdfinfo >/dev/null || missing="$missing poppler-utils"
command -v jq >/dev/null || missing="$missing jq"
if [ -z "$missing" ]; then
    echo "chromium, fonts-noto-cjk, libreoffice-calc, poppler-utils and jq are installed"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $missing
