# ./portal test: every test of the repository, in order of cost. Exits non-zero on any failure.
#   ./portal test            everything
#   ./portal test unit       only type check, lint and Jest (SQLite + PostgreSQL)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
cd "$ROOT"

only="${1:-all}"
export CI=true
# The deployment proof (plugins/pbc-scaffolder/src/proof) fails instead of skipping without moto.
export PBC_REQUIRE_MOTO=1
declare -a summary=()
step() {
  local name="$1"
  shift
  log "── $name"
  local start=$SECONDS
  if "$@"; then
    summary+=("ok    $(printf '%4d' $((SECONDS - start))) s  $name")
  else
    summary+=("FAIL  $(printf '%4d' $((SECONDS - start))) s  $name")
    print_summary
    die "$name failed"
  fi
}
print_summary() {
  log "summary"
  printf '  %s\n' "${summary[@]}" >&2
}

# A throw-away PostgreSQL on a local port for the database tests, stopped and removed on exit.
# Its data and socket folder lives under /tmp, owned by the user PostgreSQL runs as, so the
# checkout may sit anywhere (a 0700 home or `mktemp -d` the postgres user cannot enter).
PG_PORT="${PBC_TEST_PG_PORT:-55432}"
PG_DIR=""
as_pg() {
  # PostgreSQL refuses to run as root; Debian's package creates the postgres user.
  # It runs from / so that a working directory it cannot enter does not stop it either.
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}
pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  [ -f "$PG_DIR/data/postmaster.pid" ] && as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
  PG_DIR=""
}
pg_start() {
  pg_stop
  PG_DIR="$(mktemp -d /tmp/pbc-portal-pg.XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  as_pg "$(pg_bindir)/initdb" -D "$PG_DIR/data" -U postgres -A trust >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; die "initdb failed (log above)"; }
  as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
    { tail -n 20 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start (log above)"; }
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$PG_PORT"
  export PBC_TEST_POSTGRES_URL="$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING"
  # Database tests must not silently skip PostgreSQL in this run.
  export PBC_REQUIRE_POSTGRES=1
}
trap pg_stop EXIT

run_jest() { yarn backstage-cli repo test --maxWorkers=2; }
run_docs() { (cd plugins/architecture-docs && mkdocs build --strict --site-dir "$TOOLING/docs-site" 2>&1 | tail -n 3); }
run_e2e() {
  rm -rf "$TOOLING/e2e" && mkdir -p "$TOOLING/e2e/techdocs"
  yarn workspace app build --config ../../app-config.yaml --config ../../app-config.e2e.yaml >"$TOOLING/app-build.log" 2>&1 ||
    { tail -n 40 "$TOOLING/app-build.log"; return 1; }
  yarn playwright test
}

# Pairs of name and command (a function), run side by side: each of these is single-threaded,
# and the machine has more than one core. Their output is shown when one fails.
steps_side_by_side() {
  local dir names=() pids=() i failed=0 start=$SECONDS
  dir="$(mktemp -d)"
  while [ $# -gt 1 ]; do
    names+=("$1")
    log "── $1 (side by side)"
    ("$2" >"$dir/${#names[@]}.log" 2>&1) &
    pids+=($!)
    shift 2
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then
      summary+=("ok    $(printf '%4d' $((SECONDS - start))) s  ${names[$i]}")
    else
      failed=1
      summary+=("FAIL  $(printf '%4d' $((SECONDS - start))) s  ${names[$i]}")
      log "── ${names[$i]} failed:"
      cat "$dir/$((i + 1)).log" >&2
    fi
  done
  rm -rf "$dir"
  if [ "$failed" = 1 ]; then
    print_summary
    die "a check failed (output above)"
  fi
}
check_types() { yarn tsc; }
check_lint() { yarn backstage-cli repo lint; }
check_generated() { yarn generate --check; }

steps_side_by_side \
  "type check (tsc)" check_types \
  "lint" check_lint \
  "generated files are current (yarn generate --check)" check_generated
step "start PostgreSQL on 127.0.0.1:$PG_PORT" pg_start
step "unit, integration and database tests (jest)" run_jest
if [ "$only" != unit ]; then
  step "docs build (mkdocs --strict)" run_docs
  step "end-to-end (playwright + chromium)" run_e2e
fi
print_summary
