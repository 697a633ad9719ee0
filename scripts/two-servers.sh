#!/usr/bin/env bash
# Two servers, one PostgreSQL database: two `essaim serve` processes on two
# ports with the same ESSAIM_SECRET_KEY. Checks that a session made on one
# server works on the other (both ways), measures casting with clients that
# alternate between the servers call after call (sign-in codes are asked of
# one server and checked by the other), then casts with a journal and checks
# that no ballot is lost, wrong or doubled.
#
#   scripts/two-servers.sh
#   ESSAIM_LOAD_SECONDS=10                seconds per level
#
# Citizens send `X-Forwarded-For: 10.a.b.1` (one network each; trusted from
# 127.0.0.1 through ESSAIM_TRUSTED_PROXIES), as behind a reverse proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${ESSAIM_LOAD_SECONDS:-10}
# shellcheck source=scripts/load-common.sh
. scripts/load-common.sh
trap cleanup EXIT

build
fresh_database postgres
ESSAIM_SECRET_KEY=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
export ESSAIM_SECRET_KEY
load_demo
port_a=$(free_port)
start_server a "$port_a"
port_b=$(free_port)
[ "$port_b" != "$port_a" ] || port_b=$(free_port)
start_server b "$port_b"
a="http://127.0.0.1:$port_a"
b="http://127.0.0.1:$port_b"

failed=0
say "a session made on A works on B, and one made on B works on A"
timeout 120 "$LOADGEN" session --url "$a" --url "$b" --mail-dir "$work/mail" --email-prefix ab || failed=1
timeout 120 "$LOADGEN" session --url "$b" --url "$a" --mail-dir "$work/mail" --email-prefix ba || failed=1

say "casting through both servers (each client alternates A, B, A, ...)"
timeout $((seconds * 4 + 300)) "$LOADGEN" bench --url "$a" --url "$b" --mail-dir "$work/mail" \
  --levels 10,50,200 --seconds "$seconds" --healthz-clients 0 \
  --label "postgres, two servers, $(date -u +%Y-%m-%d), $(nproc)-core machine" || failed=1

say "journaled casting through both servers, then the check"
timeout 300 "$LOADGEN" cast --url "$a" --url "$b" --mail-dir "$work/mail" \
  --email-prefix pair --clients 50 --max-seconds "$((seconds * 2))" \
  --journal "$work/journal" --sessions "$work/sessions" || failed=1
timeout 300 "$LOADGEN" check --url "$b" --url "$a" --journal "$work/journal" \
  --sessions "$work/sessions" || failed=1
doubled=$(sql "SELECT COUNT(*) FROM (SELECT campaign_id, voter_id FROM ballots GROUP BY campaign_id, voter_id HAVING COUNT(*) > 1) AS d")
empty=$(sql "SELECT COUNT(*) FROM ballots b WHERE NOT EXISTS (SELECT 1 FROM ballot_choices c WHERE c.ballot_id = b.id)")
say "database: $doubled voters with two ballots, $empty ballots without choices"
[ "$doubled" = 0 ] && [ "$empty" = 0 ] || failed=1
if [ "$failed" = 0 ]; then
  say "PASS: sessions shared, no lost, doubled or wrong ballot"
else
  say "FAIL: see above"
fi
exit "$failed"
