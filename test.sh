#!/usr/bin/env bash
# Runs the whole test suite (builds first). Tests that need the public address data install it
# themselves into $GRONDSLAG_DATA (default: .data/ in this checkout) on first use.
set -euo pipefail
cd "$(dirname "$0")"
export GRONDSLAG_DATA="${GRONDSLAG_DATA:-$PWD/.data}"
dotnet build Grondslag.slnx -c Release -nologo -clp:ErrorsOnly
dotnet test Grondslag.slnx -c Release --no-build -nologo "$@"
