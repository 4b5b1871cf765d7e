#!/usr/bin/env bash
# Runs the whole test suite (builds first). Tests that need the public address data install it
# themselves into $GRONDSLAG_DATA (default: .data/ in this checkout) on first use.
set -euo pipefail
cd "$(dirname "$0")"
export GRONDSLAG_DATA="${GRONDSLAG_DATA:-$PWD/.data}"
# Real components the tests use (Chromium, an SMTP server, …) come from Debian; install what is missing.
missing=()
while read -r p; do
  if [ -n "$p" ] && [ "${p#\#}" = "$p" ] && ! dpkg -s "$p" >/dev/null 2>&1; then
    missing+=("$p")
  fi
done < .ci/packages.txt
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "missing Debian packages: ${missing[*]} (run as root, or install them)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Storage tests run against SQLite and a real PostgreSQL; the project provides the latter itself.
if [ -z "${GRONDSLAG_TEST_POSTGRES:-}" ]; then
  GRONDSLAG_TEST_POSTGRES="$(scripts/postgres.sh)"
  export GRONDSLAG_TEST_POSTGRES
fi
# Restore exactly what the lock files pin (in CI, --locked-mode: a lock file out of date fails instead of changing).
dotnet restore Grondslag.slnx ${CI:+--locked-mode} -nologo -v quiet
dotnet build Grondslag.slnx -c Release -nologo -clp:ErrorsOnly --no-restore
# The CLI users run is the native front (Native AOT); its tests run the published binary, published once here.
if [ -z "${GRONDSLAG_NATIVE_FRONT:-}" ]; then
  dotnet publish src/Grondslag.Cli.Front/Grondslag.Cli.Front.csproj -c Release -o artifacts/test-front -nologo -clp:ErrorsOnly
  export GRONDSLAG_NATIVE_FRONT="$PWD/artifacts/test-front/grondslag-front"
fi
dotnet test Grondslag.slnx -c Release --no-build -nologo "$@"
