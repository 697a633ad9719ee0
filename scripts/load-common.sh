# Shared by scripts/load.sh, scripts/crash.sh and scripts/two-servers.sh
# (sourced, not run): build, a fresh database, starting and stopping
# `essaim serve` on a free local port. Every wait is bounded; `cleanup`
# (install it with `trap cleanup EXIT`) stops what was started and removes
# the database and the work folder (kept with ESSAIM_LOAD_KEEP=1).
#
# Simulated citizens send `X-Forwarded-For: 10.a.b.1` (a /24 network each),
# since the server limits sign-in codes per client network; the servers run
# with ESSAIM_TRUSTED_PROXIES=127.0.0.1 so that they believe the header.

say() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { say "error: $*"; exit 2; }

ESSAIM=target/release/essaim
LOADGEN=target/release/essaim-load
PG_ADMIN_URL=${ESSAIM_LOAD_PG_URL:-postgres://postgres@127.0.0.1:5432}

# need COMMAND PACKAGE: stop early, naming the Debian package, if missing.
need() { command -v "$1" >/dev/null || die "$1 is needed (apt-get install $2)"; }
need curl curl
need timeout coreutils

work=$(mktemp -d /tmp/essaim-load.XXXXXX)
mkdir -p "$work/site" "$work/mail"
server_pids=()   # servers started and not yet reaped
helper_pids=()   # other background processes started here
pg_database=""

cleanup() {
  local status=$?
  for pid in "${helper_pids[@]}" "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${helper_pids[@]}" "${server_pids[@]}"; do
    timeout 10 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
  done
  if [ -n "$pg_database" ]; then
    timeout 30 psql -q "$PG_ADMIN_URL/postgres" \
      -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || say "could not drop $pg_database"
  fi
  if [ "$status" != 0 ] && ls "$work"/server-*.log >/dev/null 2>&1; then
    for log in "$work"/server-*.log; do
      say "last lines of $(basename "$log"):"
      tail -n 15 "$log" >&2
    done
  fi
  if [ -n "${ESSAIM_LOAD_KEEP:-}" ]; then
    say "kept $work (logs, journal, mail)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}

build() {
  say "building the release server and load generator (about 10 minutes the first time)"
  timeout 3600 cargo build --release -p server -p essaim-loadgen
}

# Sets DATABASE_URL to a fresh database: a SQLite file in the work folder,
# or a new PostgreSQL database (dropped by cleanup).
fresh_database() {
  case "$1" in
    sqlite)
      sqlite_file="$work/essaim.db"
      DATABASE_URL="sqlite://$sqlite_file?mode=rwc"
      ;;
    postgres)
      need psql postgresql-client
      pg_database="essaim_load_$(date +%s)_$$"
      timeout 30 psql -q "$PG_ADMIN_URL/postgres" -c "CREATE DATABASE $pg_database" >/dev/null
      DATABASE_URL="$PG_ADMIN_URL/$pg_database"
      ;;
    *) die "database must be sqlite or postgres, not $1" ;;
  esac
  export DATABASE_URL
}

# Runs SQL on the database and prints the result rows (no headers).
sql() {
  if [ -n "$pg_database" ]; then
    timeout 60 psql -qtA "$DATABASE_URL" -c "$1"
  else
    timeout 60 sqlite3 "$sqlite_file" "$1"
  fi
}

# A port nobody listens on (bounded number of tries), below the kernel's
# ephemeral range (32768 and up by default) so that no outgoing connection
# holds it either.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found"
}

server_env() {
  export ESSAIM_SITE_ROOT="$work/site" # server functions and pages need no assets
  export ESSAIM_MAIL_TRANSPORT=file
  export ESSAIM_MAIL_DIR="$work/mail"
  export ESSAIM_TRUSTED_PROXIES=127.0.0.1
  export ESSAIM_SECRET_KEY="${ESSAIM_SECRET_KEY:-$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')}"
}

load_demo() {
  server_env
  timeout 120 "$ESSAIM" demo >/dev/null
}

# kill_server PID: kill -9, reap, and forget it (so cleanup never signals a
# recycled PID).
kill_server() {
  local victim=$1 kept=() pid
  kill -9 "$victim"
  wait "$victim" 2>/dev/null || true
  for pid in "${server_pids[@]}"; do
    [ "$pid" = "$victim" ] || kept+=("$pid")
  done
  server_pids=("${kept[@]}")
}

# start_server NAME PORT: starts `essaim serve` in the background, waits (at
# most 60 s) until /healthz answers; sets server_pid.
start_server() {
  local name=$1 port=$2
  server_env
  ESSAIM_ADDR="127.0.0.1:$port" ESSAIM_PUBLIC_URL="http://127.0.0.1:$port" \
    "$ESSAIM" serve >>"$work/server-$name.log" 2>&1 &
  server_pid=$!
  server_pids+=("$server_pid")
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/healthz" 2>/dev/null; then
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || die "server $name exited at start (see above)"
    sleep 0.1
  done
  die "server $name did not answer /healthz within 60 s"
}
