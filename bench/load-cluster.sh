#!/usr/bin/env bash
# Load benchmark for several instances on one PostgreSQL database (docs/deployment.md, docs/performance.md).
# Builds Release, creates a fresh database in the cluster LOAD_POSTGRES names, starts INSTANCES servers on it (each on its
# own loopback port, with --instance-id load-1, load-2 …), and runs one simulator load per instance at the same time, each
# with its share of the chargers and ids of its own (L1-0001 …), the way a load balancer hashing on the charger id spreads
# them. Prints each simulator's figures, then the sum of acknowledged MeterValues/s and the stored rows.
# Usage: LOAD_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres bench/load-cluster.sh [simulator load options]
#        (default: --chargers 500 --seconds 20, split evenly; INSTANCES=2 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

: "${LOAD_POSTGRES:?set LOAD_POSTGRES to a postgres:// URL of a database the user may CREATE DATABASE from}"
instances=${INSTANCES:-2}
chargers=500
rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --chargers) chargers=$2; shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done
[ ${#rest[@]} -eq 0 ] && rest=(--seconds 20)
share=$(( chargers / instances ))

dotnet build OcppCentral/OcppCentral.csproj -c Release -v q -nologo >/dev/null
dotnet build simulator/simulator.csproj -c Release -v q -nologo >/dev/null

work=$(mktemp -d)
name="cm_cluster_$(date +%s)_$$"
query=""; [[ "$LOAD_POSTGRES" == *\?* ]] && query="?${LOAD_POSTGRES#*\?}"
base="${LOAD_POSTGRES%%\?*}"
psql -q "$LOAD_POSTGRES" -c "CREATE DATABASE $name"
database="${base%/*}/$name$query"

servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -q "$LOAD_POSTGRES" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT

ports=()
for i in $(seq 1 "$instances"); do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  ports+=("$port")
  dotnet OcppCentral/bin/Release/net10.0/OcppCentral.dll --urls "http://127.0.0.1:$port" --database "$database" \
    --instance-id "load-$i" --Logging:LogLevel:Default Warning ${SERVER_ARGS:-} >"$work/server-$i.log" 2>&1 &
  servers+=($!)
  # One at a time: the first start migrates the fresh database.
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "${servers[-1]}" 2>/dev/null || { cat "$work/server-$i.log" >&2; exit 1; }
    sleep 0.1
  done
done

sims=()
for i in $(seq 1 "$instances"); do
  dotnet simulator/bin/Release/net10.0/simulator.dll --url "ws://127.0.0.1:${ports[$((i-1))]}/ocpp" --load \
    --chargers "$share" --id-prefix "L$i-" "${rest[@]}" >"$work/sim-$i.log" 2>&1 &
  sims+=($!)
done
status=0
for pid in "${sims[@]}"; do wait "$pid" || status=1; done

total=0
for i in $(seq 1 "$instances"); do
  echo "== instance load-$i (${share} chargers)"
  grep -E "connected|MeterValues acked|latency|errors" "$work/sim-$i.log" || cat "$work/sim-$i.log"
  rate=$(sed -n 's/.*MeterValues acked.*= \([0-9.,]*\)\/s.*/\1/p' "$work/sim-$i.log" | tr -d ',' | head -n 1)
  total=$(python3 -c "print(${total} + ${rate:-0})")
  rss=$(awk '/VmHWM/ {print $2}' "/proc/${servers[$((i-1))]}/status" 2>/dev/null || echo 0)
  echo "  server peak memory   $((rss / 1024)) MiB"
done
echo "== all instances"
echo "  MeterValues acked/s  $total (sum over $instances instances)"
echo "  stored meter values  $(psql -At "$database" -c 'SELECT COUNT(*) FROM meter_values')"
exit $status
