#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing:
#   postgresql  the PostgreSQL store's tests run against a real server (started by the tests)
#   chromium    the Taro H5 example's end-to-end test drives a real headless Chromium
#               (through playwright-core; never a downloaded browser build)
#   fonts-wqy-microhei  a CJK font, so the E2E screenshots show Chinese text, not boxes
# Needs root (CI and this project's dev machines run as root); prints the command otherwise.
# The tests themselves also install what they miss, and fail under CI=true when they cannot.
set -euo pipefail

PACKAGES=(postgresql chromium fonts-wqy-microhei)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
