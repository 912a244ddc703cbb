#!/usr/bin/env bash
# Two instances of the built service on one PostgreSQL database and one Redis, behind HAProxy
# (deploy/haproxy.cfg), for a person to try several instances locally. Ctrl-C stops them all.
#
#   DATABASE_URL  default postgres://postgres@127.0.0.1:5432/auth_cluster (created when missing)
#   REDIS_URL     default redis://127.0.0.1:6379; set REDIS_URL= (empty) to try without Redis
#   LB_PORT, PORT_A, PORT_B   default 8080, 3001, 3002
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/auth_cluster}"
export REDIS_URL="${REDIS_URL-redis://127.0.0.1:6379}"
export REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX:-auth-cluster:}"
export LB_PORT="${LB_PORT:-8080}" PORT_A="${PORT_A:-3001}" PORT_B="${PORT_B:-3002}"
# One key for both instances (in development each would otherwise make its own).
export JWT_SECRET="${JWT_SECRET:-$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')}"
export TRUST_PROXY=1

database="${DATABASE_URL##*/}"
admin_url="${DATABASE_URL%/*}/postgres"
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  psql "$admin_url" -qc "CREATE DATABASE \"$database\""
fi

npm run build --silent

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM EXIT

# Both start at once on the same database: they take turns at the migrations, which run once.
PORT="$PORT_A" node dist/src/main.js &
pids+=($!)
PORT="$PORT_B" node dist/src/main.js &
pids+=($!)
/usr/sbin/haproxy -f deploy/haproxy.cfg -db &
pids+=($!)

echo "HAProxy on http://127.0.0.1:$LB_PORT, instances on :$PORT_A and :$PORT_B. Ctrl-C stops all."
wait
