#!/usr/bin/env bash
# Ballots survive crashes: casts ballots with 40 clients while the server is
# killed with `kill -9` twenty times (each after 0.5 to 3 s of load, chosen
# at random) and restarted on the same database. Every cast and its answer
# is journaled. Twenty of the clients stop for good at a kill (client k at
# the k+1-th outage it sees), so each kill leaves ballots as it found them;
# the other twenty keep casting to the end. Then every voter's stored ballot
# (read over HTTP as them) must be their last acknowledged selection, or a
# later one whose answer was lost in a kill, and the database must hold one
# ballot per voter, none empty. Exits non-zero on any discrepancy.
#
#   scripts/crash.sh [sqlite|postgres]    (default sqlite)
#   ESSAIM_CRASH_KILLS=20
#
# Citizens send `X-Forwarded-For: 10.a.b.1` (one network each; the server
# trusts it from 127.0.0.1, ESSAIM_TRUSTED_PROXIES) so that the per-network
# limit on sign-in codes is not hit by the sign-in of all clients at once.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-sqlite}
kills=${ESSAIM_CRASH_KILLS:-20}
# shellcheck source=scripts/load-common.sh
. scripts/load-common.sh
trap cleanup EXIT
[ "$kind" != sqlite ] || need sqlite3 sqlite3

build
fresh_database "$kind"
load_demo
port=$(free_port)
url="http://127.0.0.1:$port"
start_server main "$port"

say "signing in 40 citizens, then casting until the $kills kills are done"
timeout 900 "$LOADGEN" cast --url "$url" --mail-dir "$work/mail" \
  --email-prefix crash --clients 40 --retiring "$kills" --max-seconds 600 \
  --journal "$work/journal" --sessions "$work/sessions" \
  --ready-file "$work/ready" --stop-file "$work/stop" >"$work/cast.out" &
loadgen_pid=$!
helper_pids+=("$loadgen_pid")
for _ in $(seq 1 1200); do
  [ -e "$work/ready" ] && break
  kill -0 "$loadgen_pid" 2>/dev/null || die "the load generator stopped before casting"
  sleep 0.1
done
[ -e "$work/ready" ] || die "the citizens were not signed in within 120 s"

for n in $(seq 1 "$kills"); do
  pause_ms=$((500 + RANDOM % 2501))
  sleep "$((pause_ms / 1000)).$(printf '%03d' $((pause_ms % 1000)))"
  kill_server "$server_pid"
  say "kill $n/$kills after ${pause_ms} ms of load; restarting"
  start_server main "$port"
done
sleep 2
touch "$work/stop"
if ! timeout 60 tail --pid="$loadgen_pid" -f /dev/null; then
  die "the load generator did not stop within 60 s"
fi
wait "$loadgen_pid" || die "the load generator failed"
helper_pids=()
say "load: $(cat "$work/cast.out")"

failed=0
say "checking every voter's stored ballot against the journal"
timeout 300 "$LOADGEN" check --url "$url" --journal "$work/journal" \
  --sessions "$work/sessions" || failed=1
doubled=$(sql "SELECT COUNT(*) FROM (SELECT campaign_id, voter_id FROM ballots GROUP BY campaign_id, voter_id HAVING COUNT(*) > 1) AS d")
empty=$(sql "SELECT COUNT(*) FROM ballots b WHERE NOT EXISTS (SELECT 1 FROM ballot_choices c WHERE c.ballot_id = b.id)")
say "database: $doubled voters with two ballots, $empty ballots without choices"
[ "$doubled" = 0 ] && [ "$empty" = 0 ] || failed=1
if [ "$kind" = sqlite ]; then
  integrity=$(sql "PRAGMA integrity_check")
  say "sqlite integrity_check: $integrity"
  [ "$integrity" = ok ] || failed=1
fi
if [ "$failed" = 0 ]; then
  say "PASS: $kills kills, no lost, doubled or wrong ballot"
else
  say "FAIL: see the discrepancies above"
fi
exit "$failed"
