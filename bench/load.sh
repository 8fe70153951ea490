#!/usr/bin/env bash
# Load benchmark: builds Release, starts the server on a temporary database on loopback, runs the simulator's
# load mode against it, and prints the simulator's figures plus the server's peak memory and stored row counts.
# Usage: bench/load.sh [simulator load options]   (default: --chargers 500 --seconds 30)
# The simulator measures after a warm-up of 5 s that it does not count; --warmup S changes it, --warmup 0 drops it.
# Example: bench/load.sh --chargers 10000 --seconds 30 --rate 2000 --connect-concurrency 500
# SERVER_ARGS adds server options (SERVER_ARGS="--metrics false" measures without OpenTelemetry, SERVER_ARGS="--message-log true"
# with every frame in the OCPP message log); SCRAPE_EVERY=S scrapes /metrics every S seconds during the run, as
# Prometheus would (docs/performance.md). Besides the simulator's figures it prints the server's CPU-seconds per 1,000
# MeterValues once measuring (read from /proc), which other load on the machine moves less than the rate.
# LOAD_POSTGRES=postgres://user@host:port/postgres runs the server on PostgreSQL instead of SQLite (docs/postgresql.md):
# a fresh database is created in that cluster (psql must be installed), used for the run and dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--chargers 500 --seconds 30)

dotnet build OcppCentral/OcppCentral.csproj -c Release -v q -nologo >/dev/null
dotnet build simulator/simulator.csproj -c Release -v q -nologo >/dev/null

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
database="$work/load.db"
count() { sqlite3 "$database" "$1" 2>/dev/null || echo '(sqlite3 not installed)'; }
drop_postgres() { :; }
if [ -n "${LOAD_POSTGRES:-}" ]; then
  name="cm_load_$(date +%s)_$$"
  query=""; [[ "$LOAD_POSTGRES" == *\?* ]] && query="?${LOAD_POSTGRES#*\?}"
  base="${LOAD_POSTGRES%%\?*}"
  psql -q "$LOAD_POSTGRES" -c "CREATE DATABASE $name"
  database="${base%/*}/$name$query"
  count() { psql -At "$database" -c "$1"; }
  drop_postgres() { psql -q "$LOAD_POSTGRES" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true; }
fi
dotnet OcppCentral/bin/Release/net10.0/OcppCentral.dll --urls "http://127.0.0.1:$port" --database "$database" \
  --Logging:LogLevel:Default Warning ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; drop_postgres; rm -rf "$work"' EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done

peak=0
( while kill -0 $server 2>/dev/null; do
    rss=$(awk '/VmHWM/ {print $2}' /proc/$server/status 2>/dev/null || echo 0)
    echo "$rss" >"$work/peak"
    sleep 1
  done ) &

if [ -n "${SCRAPE_EVERY:-}" ]; then
  ( while kill -0 $server 2>/dev/null; do
      curl -fs "http://127.0.0.1:$port/metrics" -o /dev/null -w '%{http_code} %{size_download}\n' >>"$work/scrapes" 2>/dev/null || true
      sleep "$SCRAPE_EVERY"
    done ) &
fi

# The server's CPU time (utime + stime) is read when the simulator's first "measuring" progress line appears and at its
# end, and divided by the MeterValues acknowledged in between: robust to what else loads the machine (docs/performance.md).
cpu() { awk '{print $14 + $15}' "/proc/$server/stat" 2>/dev/null || echo 0; }
dotnet simulator/bin/Release/net10.0/simulator.dll --url "ws://127.0.0.1:$port/ocpp" --load "${args[@]}" >"$work/sim.out" 2>&1 &
simulator=$!
tail -n +1 -f --pid=$simulator "$work/sim.out" &
cpu_start=""; acked_start=""
while kill -0 $simulator 2>/dev/null; do
  if [ -z "$cpu_start" ] && grep -q "measuring" "$work/sim.out" 2>/dev/null; then
    cpu_start=$(cpu)
    acked_start=$(grep -m1 "measuring" "$work/sim.out" | sed -E 's/.*acknowledged ([0-9]+).*/\1/')
  fi
  sleep 0.2
done
status=0
wait $simulator || status=$?
cpu_end=$(cpu)
sleep 0.3 # the last lines reach the terminal

peak=$(cat "$work/peak" 2>/dev/null || echo 0)
acked_total=$(grep "MeterValues acked" "$work/sim.out" | awk '{ n = $3; if (match($0, /with [0-9]+ acked/)) n += substr($0, RSTART + 5, RLENGTH - 11); print n }')
if [ -n "$cpu_start" ] && [ -n "$acked_total" ] && [ "$acked_total" -gt "${acked_start:-0}" ]; then
  echo "server CPU           $(awk -v a="$cpu_start" -v b="$cpu_end" -v t="$(getconf CLK_TCK)" -v n="$((acked_total - acked_start))" \
    'BEGIN { printf "%.2f s for %d MeterValues once measuring: %.3f CPU-seconds per 1,000", (b - a) / t, n, (b - a) / t / n * 1000 }')"
fi
echo "server peak memory   $((peak / 1024)) MiB"
echo "storage              $([ -n "${LOAD_POSTGRES:-}" ] && echo PostgreSQL || echo SQLite)"
echo "stored meter values  $(count 'SELECT COUNT(*) FROM meter_values')"
echo "logged OCPP frames   $(count 'SELECT COUNT(*) FROM ocpp_messages')"
if [ -f "$work/scrapes" ]; then
  echo "scrapes of /metrics  $(grep -c '^200' "$work/scrapes" || true) answered 200, last $(tail -1 "$work/scrapes" | cut -d' ' -f2) bytes"
fi
exit $status
