#!/usr/bin/env bash
# Ballots under load: builds the release server and load generator, starts
# `essaim serve` on a free port with a fresh database and the demo data,
# signs 200 citizens in through the real email-code flow, then re-casts
# ballots with 1, 10, 50 and 200 concurrent clients (keep-alive, no-JS form
# posts) and prints a markdown table: ballots/s, p50/p99, failures; plus
# GET /healthz at 50 clients and the database's raw commit rate.
#
#   scripts/load.sh [sqlite|postgres]     (default sqlite)
#   ESSAIM_LOAD_SECONDS=10                seconds per level
#
# Each simulated citizen sends its own `X-Forwarded-For: 10.a.b.1`: the
# server limits sign-in codes per client network, and believes that header
# because it runs with ESSAIM_TRUSTED_PROXIES=127.0.0.1. PostgreSQL: a
# database essaim_load_* is created on ESSAIM_LOAD_PG_URL (default
# postgres://postgres@127.0.0.1:5432) and dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-sqlite}
seconds=${ESSAIM_LOAD_SECONDS:-10}
# shellcheck source=scripts/load-common.sh
. scripts/load-common.sh
trap cleanup EXIT

build
fresh_database "$kind"
say "loading the demo into a fresh $kind database"
load_demo
port=$(free_port)
start_server main "$port"
say "server on http://127.0.0.1:$port; measuring for about $((seconds * 6)) s"
timeout $((seconds * 6 + 300)) "$LOADGEN" bench \
  --url "http://127.0.0.1:$port" --mail-dir "$work/mail" \
  --levels 1,10,50,200 --seconds "$seconds" --healthz-clients 50 \
  --database-url "$DATABASE_URL" --db-tasks 1,50 --db-batch 50 \
  --label "$kind, $(date -u +%Y-%m-%d), $(nproc)-core machine"
