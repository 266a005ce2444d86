#!/usr/bin/env bash
# Acceptance: PostgreSQL is down when a run starts and comes back two seconds later: the run
# retries its connection with backoff and succeeds. (RUN_SERIAL: it stops the shared server.)
source "$(dirname "$0")/lib.sh"

"$OCPAGG" generate --out "$WORK/data" --nodes 2 --pods 3 --days 2 --start 2025-10-01 --quiet
"$OCPAGG" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" --quiet

pg_server stop
trap 'pg_server start || true; cleanup_pgtest' EXIT
started=$SECONDS
"$OCPAGG" summarize --input "$WORK/data" --month 2025-10 --output "$OCPAGG_TEST_PG_DSN" \
  --schema "$SCHEMA" >"$WORK/out" 2>"$WORK/err" &
pid=$!
sleep 2
kill -0 "$pid" 2>/dev/null || fail "ocpagg gave up while the server was down: $(cat "$WORK/err")"
pg_server start
rc=0
wait "$pid" || rc=$?
cat "$WORK/err" >&2
[ "$rc" = 0 ] || fail "exit code $rc after the server came back"
grep -q "retrying in" "$WORK/err" || fail "no retry was reported"
[ "$(psql_app -c "SELECT count(*) > 0 FROM $TABLE")" = t ] || fail "no rows landed"
echo "ok: retried for $((SECONDS - started)) s and landed the rows"
