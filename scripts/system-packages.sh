#!/usr/bin/env bash
# Installs the Debian packages Parcours needs, when they are missing.
#   system-packages.sh        what the test suite needs: Chromium for the browser
#                             tests, gettext for the catalogues, redis-server for the
#                             live-sync tests, Node for the JavaScript unit tests,
#                             and what the app needs;
#   system-packages.sh app    what the app needs: Pango and fonts for the PDF export.
set -euo pipefail

missing=()
if [ "${1:-}" != "app" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  # The Redis outage test starts and stops a Redis server of its own.
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  # The live map's JavaScript runs its tests on Node's own test runner.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  # bench/print_fill.py --png turns the PDF's pages into pictures to look at.
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fi
# WeasyPrint: Pango lays out the text; harfbuzz-subset makes the PDF fonts small, fast.
# The print stylesheet names Inter: the same font, so the same PDF, on every machine.
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-inter; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
