#!/usr/bin/env bash
# Load benchmark: builds Release, starts the server on a temporary database on loopback, runs the simulator's
# load mode against it, and prints the simulator's figures plus the server's peak memory and stored row counts.
# Usage: bench/load.sh [simulator load options]   (default: --chargers 500 --seconds 30)
# The simulator measures after a warm-up of 5 s that it does not count; --warmup S changes it, --warmup 0 drops it.
# Example: bench/load.sh --chargers 10000 --seconds 30 --rate 2000 --connect-concurrency 500
# SERVER_ARGS adds server options (SERVER_ARGS="--metrics false" measures without OpenTelemetry, SERVER_ARGS="--message-log true"
# with every frame in the OCPP message log); SCRAPE_EVERY=S scrapes /metrics every S seconds during the run, as
# Prometheus would (docs/performance.md).
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

# CPU-seconds (user+sys) of a process so far, from /proc/PID/stat (fields 14 and 15, in clock ticks).
ticks=$(getconf CLK_TCK)
cpu_seconds() { awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# The PostgreSQL backends serving this run's database (the server's connections to it).
pg_cpu_seconds() {
  local total=0 pid
  for pid in $(pgrep -f "postgres: .* ${name:-no-postgres} " || true); do
    total=$(awk -v a="$total" -v b="$(cpu_seconds "$pid")" 'BEGIN { printf "%.2f", a + b }')
  done
  echo "$total"
}

# The CPU the server (and PostgreSQL's backends) spent while MeterValues were measured: sampled at the simulator's first
# "measuring" progress line and at its first "stopping" line (5 s apart each), with the acknowledged count of each line.
# On a machine shared with other work, CPU-seconds per 1,000 messages compare two builds better than the rate does.
set +e
dotnet simulator/bin/Release/net10.0/simulator.dll --url "ws://127.0.0.1:$port/ocpp" --load "${args[@]}" | while IFS= read -r line; do
  echo "$line"
  case "$line" in
    *measuring*) [ -f "$work/cpu-from" ] || echo "$(cpu_seconds $server) $(pg_cpu_seconds) ${line##*acknowledged }" >"$work/cpu-from" ;;
    *stopping*) [ -f "$work/cpu-to" ] || echo "$(cpu_seconds $server) $(pg_cpu_seconds) ${line##*acknowledged }" >"$work/cpu-to" ;;
  esac
done
status=${PIPESTATUS[0]}
set -e

if [ -f "$work/cpu-from" ] && [ -f "$work/cpu-to" ]; then
  read -r server_from pg_from acked_from _ <"$work/cpu-from"
  read -r server_to pg_to acked_to _ <"$work/cpu-to"
  awk -v s0="$server_from" -v s1="$server_to" -v p0="$pg_from" -v p1="$pg_to" -v a0="$acked_from" -v a1="$acked_to" -v pg="${LOAD_POSTGRES:-}" 'BEGIN {
    n = a1 - a0
    if (n <= 0) exit
    printf "server CPU           %.2f s user+sys for %d MeterValues acked while measuring = %.2f s per 1,000\n", s1 - s0, n, (s1 - s0) * 1000 / n
    if (pg != "")
      printf "PostgreSQL CPU       %.2f s user+sys in the backends of this run'"'"'s database = %.2f s per 1,000\n", p1 - p0, (p1 - p0) * 1000 / n
  }'
fi

peak=$(cat "$work/peak" 2>/dev/null || echo 0)
echo "server peak memory   $((peak / 1024)) MiB"
echo "storage              $([ -n "${LOAD_POSTGRES:-}" ] && echo PostgreSQL || echo SQLite)"
echo "stored meter values  $(count 'SELECT COUNT(*) FROM meter_values')"
echo "logged OCPP frames   $(count 'SELECT COUNT(*) FROM ocpp_messages')"
if [ -f "$work/scrapes" ]; then
  echo "scrapes of /metrics  $(grep -c '^200' "$work/scrapes" || true) answered 200, last $(tail -1 "$work/scrapes" | cut -d' ' -f2) bytes"
fi
exit "$status"
