#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing. Needs root
# (CI and this project's dev machines run as root); prints what it would need otherwise.
set -euo pipefail

# command-to-check → Debian package
declare -A NEEDED=()

missing=()
for command in "${!NEEDED[@]}"; do
  command -v "$command" >/dev/null 2>&1 || [ -x "$command" ] || missing+=("${NEEDED[$command]}")
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
