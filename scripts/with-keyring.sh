#!/usr/bin/env bash
# Starts an unlocked gnome-keyring (Secret Service) inside the current D-Bus session, then runs "$@".
set -euo pipefail
export XDG_DATA_HOME="${XDG_DATA_HOME:-$(mktemp -d)}"
eval "$(printf 'guichet-tests' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
