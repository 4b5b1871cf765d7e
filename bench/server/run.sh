#!/usr/bin/env bash
# Whole-process server figures for issue 15 (docs/benchmarks.md, "Server"), one command, one summary line per figure:
#   1. a LINES-line import of unique public addresses through the API (streamed, progress polled while it runs):
#      wall time, server CPU time, the server's peak resident memory (VmHWM) after it;
#   2. the 2024 list (examples/coathanger-2024.txt, assessed for the day of the release): the permitted EU shares approved by two
#      duty officers (half each, bulk), then all released in one bulk act: client wall, server-side request time (the
#      server's own log), server CPU time;
#   3. a 1 M-line case, assessed: the case page's time to first byte in a signed-in browser session (Brotli), 5 runs
#      after a warm-up, with the server's own request time and CPU time.
# Usage: bench/server/run.sh [LINES] [sqlite|postgresql]       (default 20000000 sqlite)
# Needs: the .NET SDK, curl, jq, psql (for postgresql), GRONDSLAG_DATA (the pinned address data).
# The server is published once to artifacts/bench-server (or GRONDSLAG_SERVER_DLL names an already built one); the
# generated inputs are kept in BENCH_INPUTS (default /tmp/grondslag-bench-inputs) for the next run.
# PostgreSQL: PGHOST/PGPORT/PGUSER/PGPASSWORD (default 127.0.0.1, 5432, grondslag, grondslag), a role that may create
# databases; a fresh database is made and dropped.
set -euo pipefail
cd "$(dirname "$0")/../.."
LINES="${1:-20000000}"
DB="${2:-sqlite}"
: "${GRONDSLAG_DATA:?set GRONDSLAG_DATA to the pinned address data (e.g. .data)}"
WORK="$(mktemp -d /tmp/grondslag-bench-XXXXXX)"
INPUTS="${BENCH_INPUTS:-/tmp/grondslag-bench-inputs}"
PORT="${BENCH_PORT:-5091}"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$INPUTS"
say() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# The server (published, Release) and the input generator.
DLL="${GRONDSLAG_SERVER_DLL:-}"
if [ -z "$DLL" ]; then
  say "publishing the server to artifacts/bench-server"
  dotnet publish src/Grondslag.Server/Grondslag.Server.csproj -c Release -o artifacts/bench-server -nologo -v quiet -clp:ErrorsOnly >&2
  DLL="$PWD/artifacts/bench-server/Grondslag.Server.dll"
fi
# The generator is built only when an input is missing (the inputs are kept between runs).
GEN=bench/Grondslag.Benchmarks/bin/Release/net10.0/Grondslag.Benchmarks.dll
input() {
  local f="$INPUTS/public-$1-15.txt"
  if [ ! -s "$f" ]; then
    [ -f "$GEN" ] || dotnet build bench/Grondslag.Benchmarks -c Release -nologo -v quiet -clp:ErrorsOnly >&2
    say "generating $1 addresses"; dotnet "$GEN" generate-public "$1" 15 "$f" >&2
  fi
  echo "$f"; }
BIG=$(input "$LINES")
ONE_M=$(input 1000000)

# The database.
export GRONDSLAG_HOME="$WORK/home"
mkdir -p "$GRONDSLAG_HOME"
PGDB=""
if [ "$DB" = postgresql ]; then
  export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-grondslag}" PGPASSWORD="${PGPASSWORD:-grondslag}"
  PGDB="grondslag_bench_$$"
  psql -d postgres -qc "CREATE DATABASE $PGDB" >&2
  export Grondslag__Database__Provider=postgresql
  export Grondslag__Database__ConnectionString="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$PGDB"
fi

# The server process under /usr/bin/time -v; the request log gives the server-side time of each request.
# Started from its own folder, as installed (its web root beside it).
(cd "$(dirname "$DLL")" && exec env ASPNETCORE_URLS="$BASE" ASPNETCORE_ENVIRONMENT=Production Grondslag__Data__Directory="$GRONDSLAG_DATA" \
  Logging__LogLevel__Default=Warning Logging__LogLevel__Grondslag=Information "Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=Information" \
  Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__SingleLine=true \
  /usr/bin/time -v dotnet "$DLL") > "$WORK/server.log" 2> "$WORK/time.txt" < /dev/null &
TIME_PID=$!
cleanup() {
  [ -n "${POLL:-}" ] && kill "$POLL" 2>/dev/null || true
  [ -n "${SPID:-}" ] && kill -TERM "$SPID" 2>/dev/null || true
  wait "$TIME_PID" 2>/dev/null || true
  [ -n "$PGDB" ] && psql -d postgres -qc "DROP DATABASE IF EXISTS $PGDB" >&2 || true
}
trap cleanup EXIT
until curl -sf -o /dev/null "$BASE/openapi/v1.json"; do
  kill -0 "$TIME_PID" 2>/dev/null || { cat "$WORK/server.log" "$WORK/time.txt" >&2; exit 1; }
  sleep 1
done
SPID=$(pgrep -P "$TIME_PID" | head -1)
TICK=$(getconf CLK_TCK)
cpu() { awk -v t="$TICK" '{printf "%.2f", ($14 + $15) / t}' "/proc/$SPID/stat"; }
hwm() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SPID/status"; }
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a - b}'; }
# The server's own time for the last request matching a pattern (ms), from its request log.
served() { grep -E "Request finished .*$1" "$WORK/server.log" | tail -1 | grep -oE '[0-9.]+ms' | tail -1; }
say "server up (pid $SPID, $DB, $(hwm) MiB)"

# The team, through the API: two administrators, an analyst, two duty officers (granted with the second's approval).
api() { local token="$1"; shift; curl -sS -f -H "Authorization: Bearer $token" "$@"; }
json() { local token="$1" url="$2" body="$3"; api "$token" -H 'Content-Type: application/json' -d "$body" "$BASE$url"; }
pw() { echo "Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
signin() { curl -sS -f -H 'Content-Type: application/json' -d "{\"userName\":\"$1\",\"password\":\"$2\",\"newPassword\":\"$3\"}" "$BASE/api/auth/sign-in" | jq -r .accessToken; }
ADMIN=$(signin admin "$(grep -oE 'one-time password: [^ ]+' "$WORK/server.log" | head -1 | cut -d' ' -f3)" "$(pw)")
ADMIN2=$(signin admin2 "$(json "$ADMIN" /api/admin/accounts '{"userName":"admin2","roles":["administrator"]}' | jq -r .oneTimePassword)" "$(pw)")
member() {
  local made; made=$(json "$ADMIN" /api/admin/accounts "{\"userName\":\"$1\",\"roles\":[\"$2\"]}")
  if [ "$(jq -r '.approve // empty' <<<"$made")" != "" ]; then api "$ADMIN2" -X POST "$BASE$(jq -r .approve <<<"$made")" > /dev/null; fi
  signin "$1" "$(jq -r .oneTimePassword <<<"$made")" "$3"; }
ANA_PW=$(pw)
ANA=$(member ana analyst "$ANA_PW")
DIRK=$(member dirk duty-officer "$(pw)")
EVA=$(member eva duty-officer "$(pw)")
newcase() { json "$ANA" /api/cases "{\"title\":\"$1\",\"source\":\"bench\"}" | jq -r .id; }
import() { api "$ANA" -H 'Content-Type: text/plain' -T "$2" -X POST "$BASE/api/cases/$1/imports?fileName=$(basename "$2")${3:+&progress=$3}"; }
assess() { json "$ANA" "/api/cases/$1/assessments" '{"date":"2024-06-10"}'; }

# 1. The big import, streamed, progress polled every 2 s.
CASE=$(newcase "Big list")
BYTES=$(stat -c %s "$BIG")
HWM0=$(hwm)
( while sleep 2; do api "$ANA" "$BASE/api/cases/$CASE/import-progress/bench" 2>/dev/null | jq -c '{stage, bytes, lines}' 2>/dev/null || true; done ) > "$WORK/progress.txt" &
POLL=$!
say "importing $LINES lines ($BYTES bytes)"
C0=$(cpu); T0=$(now)
import "$CASE" "$BIG" bench | jq -c '{lines, accepted, rejected, bytes}' > "$WORK/import.json"
T1=$(now); C1=$(cpu)
kill "$POLL"; POLL=""
STAGES=$(jq -r .stage "$WORK/progress.txt" 2>/dev/null | uniq | tr '\n' ' ')
SUMMARY_IMPORT="SUMMARY import: $LINES lines ($((BYTES / 1048576)) MiB) through the API ($DB): wall $(minus "$T1" "$T0") s, server CPU $(minus "$C1" "$C0") s, server peak RSS (VmHWM) $(hwm) MiB (before: $HWM0 MiB); $(wc -l < "$WORK/progress.txt") progress polls, stages: ${STAGES:-none}; answer $(cat "$WORK/import.json")"
echo "$SUMMARY_IMPORT"

# 2. The 2024 list: assessed; the permitted EU shares approved by two duty officers (bulk, half each), released at once.
#    BENCH_RELEASE_ROUNDS=N repeats it on a fresh case N times (round 1 is the first release in the process and pays
#    the just-in-time compiler; later rounds show a warm server).
for ROUND in $(seq 1 "${BENCH_RELEASE_ROUNDS:-1}"); do
  CASE24=$(newcase COATHANGER)
  import "$CASE24" examples/coathanger-2024.txt > /dev/null
  # Assessed for today: the gate releases only a plan of the legal day of the release (an assessment for 2024-06-10
  # would be refused with "assess again under the rules in force today").
  json "$ANA" "/api/cases/$CASE24/assessments" '{}' > "$WORK/assessed24.json"
  api "$ANA" "$BASE/api/cases/$CASE24" > "$WORK/case24.json"
  IDS=$(jq -c '[.shares.items[] | select(.verdict == "permitted") | .id]' "$WORK/case24.json")
  VERDICTS=$(jq -r '[.shares.items[] | .verdict] | group_by(.) | map("\(length) \(.[0])") | join(", ")' "$WORK/case24.json")
  N=$(jq length <<<"$IDS")
  json "$DIRK" "/api/cases/$CASE24/decisions" "{\"shareIds\":$(jq -c '.[0:(length / 2 | floor)]' <<<"$IDS"),\"outcome\":\"approve\",\"motivation\":\"Wbni art. 20(2): EU CSIRT for its own constituency\"}" > "$WORK/approved1.json"
  json "$EVA" "/api/cases/$CASE24/decisions" "{\"shareIds\":$(jq -c '.[(length / 2 | floor):]' <<<"$IDS"),\"outcome\":\"approve\",\"motivation\":\"Wbni art. 20(2): EU CSIRT for its own constituency\"}" > "$WORK/approved2.json"
  APPROVED=$(jq -s 'map(.succeeded) | add' "$WORK/approved1.json" "$WORK/approved2.json")
  say "releasing $N shares of the 2024 list"
  # BENCH_TRACE=path/to/dotnet-trace: a CPU sample trace of the server during the release (speedscope format, in $WORK).
  if [ -n "${BENCH_TRACE:-}" ] && [ "$ROUND" = "${BENCH_RELEASE_ROUNDS:-1}" ]; then   # the last round
    "$BENCH_TRACE" collect -p "$SPID" --duration 00:00:00:${BENCH_TRACE_SECONDS:-30} --profile dotnet-sampled-thread-time --format speedscope -o "$WORK/release.nettrace" > "$WORK/trace.log" 2>&1 &
    TRACE=$!; sleep 5
  fi
  C0=$(cpu); T0R=$(now)
  WALL=$(curl -sS -o "$WORK/release.json" -w '%{time_total}' -H "Authorization: Bearer $ANA" -H 'Content-Type: application/json' \
    -d "{\"shareIds\":$IDS}" "$BASE/api/cases/$CASE24/releases")
  C1=$(cpu)
  if [ -n "${TRACE:-}" ]; then wait "$TRACE" || true; fi   # it stops after BENCH_TRACE_SECONDS (default 30)
  sleep 1   # the request log is written asynchronously
  RELEASED=$(jq -r '"\(.succeeded)\(if .refused > 0 then " (refused: \([.shares[] | select(.ok | not) | .reason] | unique | join("; ")))" else "" end)"' "$WORK/release.json" 2>/dev/null || head -c 300 "$WORK/release.json")
  echo "SUMMARY release (round $ROUND): $RELEASED of the $N permitted shares of the 2024 list (of $VERDICTS; $APPROVED approved by dirk and eva) released in one bulk request ($DB): client wall $WALL s, server $(served "POST .*/releases") , server CPU $(minus "$C1" "$C0") s"
  # Until every channel step of the released shares is done (no channel "pending"), polled from the request's end (at
  # most BENCH_DELIVERY_WAIT s, default 120): the time and the server CPU from the release's start. The shares are
  # delivered in the order released, so the last one is polled first (one request per poll), then all are checked.
  LEFT=$(jq -r '.shares[] | select(.ok) | .shareId' "$WORK/release.json" 2>/dev/null || true)
  LAST=$(echo $LEFT | awk '{print $NF}')
  DEADLINE=$(awk -v t="$(now)" -v w="${BENCH_DELIVERY_WAIT:-120}" 'BEGIN {printf "%.0f", t + w}')
  while [ -n "$LAST" ] && [ "$(date +%s)" -lt "$DEADLINE" ] && api "$ANA" "$BASE/api/cases/$CASE24/shares/$LAST/deliveries" | jq -e '[.channels[] | select(.state == "pending")] | length > 0' > /dev/null; do
    sleep 0.1
  done
  while [ -n "$LEFT" ] && [ "$(date +%s)" -lt "$DEADLINE" ]; do
    NEXT=""
    for s in $LEFT; do
      if [ -n "$NEXT" ] || api "$ANA" "$BASE/api/cases/$CASE24/shares/$s/deliveries" | jq -e '[.channels[] | select(.state == "pending")] | length > 0' > /dev/null; then
        NEXT="$NEXT $s"
      fi
    done
    LEFT=$(echo $NEXT); [ -n "$LEFT" ] && sleep 0.2
  done
  T2=$(now); C2=$(cpu)
  STATES=$(for s in $(jq -r '.shares[] | select(.ok) | .shareId' "$WORK/release.json" 2>/dev/null); do api "$ANA" "$BASE/api/cases/$CASE24/shares/$s/deliveries" | jq -r '.channels[] | "\(.channel) \(.state)"'; done | sort | uniq -c | awk '{printf "%s%s %s %s", (NR > 1 ? ", " : ""), $1, $2, $3}')
  echo "SUMMARY delivery (round $ROUND): every channel step of the released shares done ${LEFT:+NOT within ${BENCH_DELIVERY_WAIT:-120} s (still pending: $(wc -w <<<"$LEFT") shares) }($DB): $(minus "$T2" "$T0R") s after the release request began, server CPU $(minus "$C2" "$C0") s (incl. the polling); channels: $STATES"

done

# 3. The 1 M-line case: imported and assessed; the case page's time to first byte in a browser session
#    (BENCH_SKIP_PAGE=1 leaves it out, e.g. while working on the release).
if [ -z "${BENCH_SKIP_PAGE:-}" ]; then
CASE1M=$(newcase "One million")
say "importing and assessing 1,000,000 lines"
import "$CASE1M" "$ONE_M" > /dev/null
assess "$CASE1M" > /dev/null
JAR="$WORK/cookies"
FORM=$(curl -sS -c "$JAR" -b "$JAR" "$BASE/sign-in" | grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -sS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "__RequestVerificationToken=$FORM" --data-urlencode "userName=ana" --data-urlencode "password=$ANA_PW" "$BASE/sign-in"
curl -sS -o /dev/null -b "$JAR" -H 'Accept-Encoding: br' "$BASE/cases/$CASE1M"   # warm-up
C0=$(cpu)
: > "$WORK/pages.txt"
for _ in 1 2 3 4 5; do
  curl -sS -o /dev/null -b "$JAR" -H 'Accept-Encoding: br' -w '%{time_starttransfer} %{http_code} %{size_download}\n' "$BASE/cases/$CASE1M" >> "$WORK/pages.txt"
done
sleep 1   # the request log is written asynchronously
grep -E "Request finished .*GET .*/cases/$CASE1M " "$WORK/server.log" | tail -5 | grep -oE '[0-9.]+ms' > "$WORK/served.txt" || true
C1=$(cpu)
STATUS=$(cut -d' ' -f2 "$WORK/pages.txt" | sort -u | tr '\n' ' ')
echo "SUMMARY case page (1 M-line case, $DB): time to first byte $(cut -d' ' -f1 "$WORK/pages.txt" | sort -n | tr '\n' ' ')s (median $(cut -d' ' -f1 "$WORK/pages.txt" | sort -n | sed -n 3p) s); server $(tr '\n' ' ' < "$WORK/served.txt"); server CPU $(awk -v a="$C1" -v b="$C0" 'BEGIN {printf "%.3f", (a - b) / 5}') s per page; status ${STATUS}; $(cut -d' ' -f3 "$WORK/pages.txt" | tail -1) bytes (br)"
fi

kill -TERM "$SPID"; SPID=""
wait "$TIME_PID" || true
echo "SUMMARY server process ($DB, whole run): $(grep -E 'Maximum resident' "$WORK/time.txt" | awk '{printf "peak RSS %.0f MiB", $NF / 1024}'), $(grep -E 'User time' "$WORK/time.txt" | awk '{printf "user %s s", $NF}'), $(grep -E 'System time' "$WORK/time.txt" | awk '{printf "sys %s s", $NF}'), $(grep -E 'Elapsed' "$WORK/time.txt" | awk '{printf "elapsed %s", $NF}'); load average $(cut -d' ' -f1-3 /proc/loadavg); logs in $WORK"
