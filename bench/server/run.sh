#!/usr/bin/env bash
# Whole-process server figures for issue 15 (docs/benchmarks.md, "Server"): a 20 M-line import through the API
# (peak RSS of the server with /usr/bin/time -v, progress polled while it runs), the release of the 2024 list's
# shares in one bulk request, and the case page's time to first byte for a 1 M-line case.
# Usage: bench/server/run.sh [LINES]   (default 20000000; needs the .NET SDK, curl, jq, python3, GRONDSLAG_DATA)
set -euo pipefail
cd "$(dirname "$0")/../.."
LINES="${1:-20000000}"
export GRONDSLAG_HOME="$(mktemp -d /tmp/grondslag-bench-XXXXXX)"
export GRONDSLAG_SERVER="${GRONDSLAG_SERVER:-http://127.0.0.1:5091}"
OUT="${BENCH_OUT:-$GRONDSLAG_HOME}"
trap 'kill "${TIME_PID:-0}" 2>/dev/null || true' EXIT

# Inputs: LINES unique public IPv4 addresses (a fixed permutation of the 32-bit space, seed 15), and the first 1 M of them.
perl -e '
  my ($n, $x, $w) = ($ARGV[0], 0, 0);
  open(my $f, ">", $ARGV[1]) or die;
  while ($w < $n) {
    my $a = (2654435761 * $x + 15) & 0xFFFFFFFF; $x++;
    my $o = $a >> 24;
    next if $o == 0 || $o == 10 || $o == 127 || $o >= 224 || ($a >> 20) == 0xAC1 || ($a >> 16) == 0xC0A8 || ($a >> 22) == 0x191 || ($a >> 16) == 0xA9FE;
    print $f join(".", $o, ($a >> 16) & 255, ($a >> 8) & 255, $a & 255), "\n"; $w++;
  }' "$LINES" "$GRONDSLAG_HOME/big.txt"
head -n 1000000 "$GRONDSLAG_HOME/big.txt" > "$GRONDSLAG_HOME/1m.txt"

# The CLI and server: ./grondslag (published on first use), or already built ones (GRONDSLAG_CLI, GRONDSLAG_SERVE).
CLI="${GRONDSLAG_CLI:-./grondslag}"
grondslag() { $CLI "$@"; }
grondslag --version > /dev/null
/usr/bin/time -v ${GRONDSLAG_SERVE:-./grondslag serve} --urls "$GRONDSLAG_SERVER" > "$GRONDSLAG_HOME/serve.log" 2> "$GRONDSLAG_HOME/time.txt" &
TIME_PID=$!
until curl -sf "$GRONDSLAG_SERVER/openapi/v1.json" > /dev/null; do sleep 1; done
pw() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
ADMIN=$(GRONDSLAG_PASSWORD=$(grep -o 'one-time password: [^ ]*' "$GRONDSLAG_HOME/serve.log" | cut -d' ' -f3) GRONDSLAG_NEW_PASSWORD="$(pw)" grondslag login --user admin)
ADMIN2=$(GRONDSLAG_PASSWORD=$(grondslag admin account create --token "$ADMIN" --user beheer --role administrator | jq -r .oneTimePassword) \
  GRONDSLAG_NEW_PASSWORD="$(pw)" grondslag login --user beheer)
member() {
  local made; made=$(grondslag admin account create --token "$ADMIN" --user "$1" --role "$2")
  grondslag admin grant approve --token "$ADMIN2" --grant "$(jq -r .grant <<<"$made")" > /dev/null
  GRONDSLAG_PASSWORD=$(jq -r .oneTimePassword <<<"$made") GRONDSLAG_NEW_PASSWORD="$3" grondslag login --user "$1"; }
ANA_PW="$(pw)"
ANA=$(member ana analyst "$ANA_PW")
DIRK=$(member dirk duty-officer "$(pw)")
api() { curl -sf -H "Authorization: Bearer $1" "${@:2}"; }
newcase() { api "$ANA" -H 'Content-Type: application/json' -d "{\"title\":\"$1\",\"source\":\"bench\"}" "$GRONDSLAG_SERVER/api/cases" | jq -r .id; }
server_pid() { local c; c=$(pgrep -P "$TIME_PID" | head -1); pgrep -P "$c" | head -1 || echo "$c"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$(server_pid)/status" 2>/dev/null || echo "?"; }

# 1. The big import, streamed, with progress polled every 5 s.
CASE=$(newcase "Big list")
( while sleep 5; do api "$ANA" "$GRONDSLAG_SERVER/api/cases/$CASE/import-progress/bench" | jq -c "{stage, bytes, lines}" 2>/dev/null || true; done ) > "$OUT/progress.txt" &
POLL=$!
START=$(date +%s.%N)
api "$ANA" -H 'Content-Type: text/plain' -T "$GRONDSLAG_HOME/big.txt" -X POST "$GRONDSLAG_SERVER/api/cases/$CASE/imports?fileName=big.txt&progress=bench" \
  | jq -c '{lines, accepted, rejected, bytes}' > "$OUT/import.json"
END=$(date +%s.%N)
kill "$POLL"
echo "import of $LINES lines: $(echo "$END - $START" | bc) s, $(cat "$OUT/import.json")"
echo "progress seen: $(wc -l < "$OUT/progress.txt") polls, stages $(jq -r .stage "$OUT/progress.txt" | uniq | tr '\n' ' ')"

# 2. The 2024 list: assess, approve every permitted share (bulk), release them (bulk, timed).
CASE24=$(newcase COATHANGER)
grondslag case import --token "$ANA" --case "$CASE24" --indicators examples/coathanger-2024.txt > /dev/null
api "$ANA" -H 'Content-Type: application/json' -d '{"date":"2024-06-10"}' "$GRONDSLAG_SERVER/api/cases/$CASE24/assessments" > /dev/null
IDS=$(api "$ANA" "$GRONDSLAG_SERVER/api/cases/$CASE24" | jq -c '[.shares.items[] | select(.verdict=="permitted") | .id]')
api "$DIRK" -H 'Content-Type: application/json' -d "{\"shareIds\":$IDS,\"outcome\":\"approve\",\"motivation\":\"bench\"}" "$GRONDSLAG_SERVER/api/cases/$CASE24/decisions" > /dev/null || true
curl -s -o "$OUT/release.json" -w 'release of %{size_download} bytes answer: %{time_total} s\n' -H "Authorization: Bearer $ANA" -H 'Content-Type: application/json' \
  -d "{\"shareIds\":$IDS}" "$GRONDSLAG_SERVER/api/cases/$CASE24/releases"
echo "released: $(jq -c '[.. | objects | select(has("release") or has("released"))] | length' "$OUT/release.json" 2>/dev/null) of $(jq length <<<"$IDS") shares"

# 3. A 1 M-line case: assess, then the case page's time to first byte (5 runs, after one warm-up).
CASE1M=$(newcase "One million")
api "$ANA" -H 'Content-Type: text/plain' -T "$GRONDSLAG_HOME/1m.txt" -X POST "$GRONDSLAG_SERVER/api/cases/$CASE1M/imports?fileName=1m.txt" > /dev/null
api "$ANA" -H 'Content-Type: application/json' -d '{"date":"2024-06-10"}' "$GRONDSLAG_SERVER/api/cases/$CASE1M/assessments" > /dev/null
JAR="$GRONDSLAG_HOME/cookies"
FORM=$(curl -s -c "$JAR" -b "$JAR" "$GRONDSLAG_SERVER/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "__RequestVerificationToken=$FORM" --data-urlencode "userName=ana" --data-urlencode "password=$ANA_PW" "$GRONDSLAG_SERVER/sign-in"
for i in 0 1 2 3 4 5; do
  curl -s -o /dev/null -b "$JAR" -H 'Accept-Encoding: br' -w "case page ttfb %{time_starttransfer} s, status %{http_code}, %{size_download} bytes (br)\n" "$GRONDSLAG_SERVER/cases/$CASE1M"
done | tail -5
echo "server RSS now: $(rss) kB"

kill -TERM "$(pgrep -P "$TIME_PID" | head -1)" 2>/dev/null || true   # 'serve' stops its server
wait "$TIME_PID" || true
grep -E "Maximum resident|Elapsed" "$GRONDSLAG_HOME/time.txt" || true
