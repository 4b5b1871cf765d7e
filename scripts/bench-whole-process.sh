#!/usr/bin/env bash
# Whole-process benchmark of issue 15: `grondslag plan` against the lookup-only peer (IPAddress.TryParse + a
# MaxMind.Db country lookup + a count), same inputs, same run, this machine. Prints one line per run and the
# median wall time and peak RSS per case (from /usr/bin/time -v). See docs/benchmarks.md.
#   scripts/bench-whole-process.sh [RUNS] [CASES]     e.g.  scripts/bench-whole-process.sh 5 "5 1m 20m"
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
cases="${2:-5 1m 20m}"
export GRONDSLAG_DATA="${GRONDSLAG_DATA:-$here/.data}"
work="${BENCH_WORK:-$here/artifacts/bench}"
mkdir -p "$work"

# The published CLI as the README's ./grondslag runs it (the native front, artifacts/cli/grondslag, which answers plan
# itself), and the peer (bench console, Release).
"$here/grondslag" --version >/dev/null
dotnet build "$here/bench/Grondslag.Benchmarks/Grondslag.Benchmarks.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
bench="$here/bench/Grondslag.Benchmarks/bin/Release/net10.0/Grondslag.Benchmarks.dll"
mmdb="$GRONDSLAG_DATA/geo-whois-asn-country-mmdb@2.3.2026061719/geo-whois-asn-country.mmdb"
[ -f "$mmdb" ] || "$here/grondslag" data install --with-mmdb >&2

# Inputs: seeded, public addresses only, generated once.
input() {
  case "$1" in
    5) n=5 ;;
    1m) n=1000000 ;;
    20m) n=20000000 ;;
    *) echo "unknown case $1" >&2; exit 2 ;;
  esac
  f="$work/public-$1.txt"
  [ -f "$f" ] || dotnet "$bench" generate-public "$n" 15 "$f" >&2
  echo "$f"
}

measure() { # label command...
  local label="$1"; shift
  local out; out="$(mktemp)"
  /usr/bin/time -v "$@" >/dev/null 2>"$out" || { cat "$out" >&2; rm -f "$out"; return 1; }
  local wall rss
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$out")"
  rss="$(awk -F': ' '/Maximum resident set size/ {print int($2/1024)}' "$out")"
  rm -f "$out"
  echo "$label $wall $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for c in $cases; do
  f="$(input "$c")"
  results="$(mktemp)"
  for r in $(seq "$runs"); do
    # Interleaved, so load on the machine hits both alike.
    measure plan "$here/artifacts/cli/grondslag" plan --indicators "$f" --date 2024-06-10 --json | tee -a "$results" >&2
    measure peer dotnet "$bench" peer "$f" "$mmdb" | tee -a "$results" >&2
  done
  pw="$(awk '$1=="plan"{print $2}' "$results" | median)"; pm="$(awk '$1=="plan"{print $3}' "$results" | median)"
  qw="$(awk '$1=="peer"{print $2}' "$results" | median)"; qm="$(awk '$1=="peer"{print $3}' "$results" | median)"
  awk -v c="$c" -v pw="$pw" -v pm="$pm" -v qw="$qw" -v qm="$qm" -v n="$runs" \
    'BEGIN {printf "%-4s median of %d: plan %.2f s %d MB | peer %.2f s %d MB | ratio %.2f\n", c, n, pw, pm, qw, qm, pw/qw}'
  rm -f "$results"
done
