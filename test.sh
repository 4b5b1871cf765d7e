#!/usr/bin/env bash
# Runs the whole test suite (builds first). Tests that need the public address data install it
# themselves into $GRONDSLAG_DATA (default: .data/ in this checkout) on first use.
set -euo pipefail
cd "$(dirname "$0")"
export GRONDSLAG_DATA="${GRONDSLAG_DATA:-$PWD/.data}"
# Storage tests run against SQLite and a real PostgreSQL; the project provides the latter itself.
if [ -z "${GRONDSLAG_TEST_POSTGRES:-}" ]; then
  GRONDSLAG_TEST_POSTGRES="$(scripts/postgres.sh)"
  export GRONDSLAG_TEST_POSTGRES
fi
dotnet build Grondslag.slnx -c Release -nologo -clp:ErrorsOnly
dotnet test Grondslag.slnx -c Release --no-build -nologo "$@"
