#!/usr/bin/env bash
# `npm test`: lint, types, unit + integration tests (under a private D-Bus session with an unlocked
# gnome-keyring so the keychain tests use a real Secret Service), then the end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run lint
npm run typecheck
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  dbus-run-session -- bash scripts/with-keyring.sh env GUICHET_TESTS_TROUSSEAU=1 npx vitest run
else
  echo "Pas de dbus-run-session / gnome-keyring-daemon : les tests du trousseau seront signalés comme indisponibles." >&2
  npx vitest run
fi
if [ -f playwright.config.ts ]; then
  dbus-run-session -- bash scripts/with-keyring.sh npx playwright test
fi
