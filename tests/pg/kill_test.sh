#!/usr/bin/env bash
# Acceptance: `kill -9` of ocpagg while its COPY is running leaves the table exactly as it was
# (same rows, same uuids), and the next run succeeds.
source "$(dirname "$0")/lib.sh"

"$OCPAGG" generate --out "$WORK/data" --nodes 12 --pods 30 --days 4 --start 2025-10-01 --quiet
"$OCPAGG" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" --quiet
run() {  # exec: started with &, $! is ocpagg itself, not a subshell
  exec "$OCPAGG" summarize --input "$WORK/data" --month 2025-10 --output "$OCPAGG_TEST_PG_DSN" \
    --schema "$SCHEMA" --threads 1 --quiet "$@"
}
(run --end 2025-10-02)
table_exact >"$WORK/before.txt"
[ "$(wc -l <"$WORK/before.txt")" -gt 100 ] || fail "too few rows to test with"

# The second run replaces days 1..4; kill it while a COPY is in flight. A row trigger that sleeps
# 1 ms per row makes each COPY last long enough to be seen; the watcher polls pg_stat_activity
# inside the server (no process start per poll) and returns when a COPY is running.
psql_app -c "CREATE FUNCTION $SCHEMA.slow_row() RETURNS trigger LANGUAGE plpgsql AS
  \$\$ BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END \$\$" \
  -c "CREATE TRIGGER slow_copy BEFORE INSERT ON $TABLE FOR EACH ROW EXECUTE FUNCTION $SCHEMA.slow_row()"
run &
pid=$!
psql_app -c "SET statement_timeout = '120s'" -c "DO \$\$ BEGIN LOOP
    PERFORM pg_stat_clear_snapshot();
    EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'ocpagg'
      AND state = 'active' AND query LIKE 'COPY \"$SCHEMA\".%');
    PERFORM pg_sleep(0.002);
  END LOOP; END \$\$" || fail "never saw the COPY running"
kill -9 "$pid" 2>/dev/null || fail "the run had finished before it could be killed"
wait "$pid" 2>/dev/null && fail "the killed run exited normally"
# The server notices the lost connection and rolls back; wait for the backend to go.
for _ in $(seq 1 100); do
  [ "$(psql_app -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ocpagg'
       AND query LIKE '%\"$SCHEMA\"%'")" = 0 ] && break
  sleep 0.1
done
table_exact >"$WORK/after_kill.txt"
if ! cmp -s "$WORK/before.txt" "$WORK/after_kill.txt"; then
  wc -l "$WORK/before.txt" "$WORK/after_kill.txt" >&2
  fail "the table changed after kill -9"
fi
echo "ok: killed during COPY; table unchanged ($(wc -l <"$WORK/before.txt") rows)"
psql_app -c "DROP TRIGGER slow_copy ON $TABLE"

(run)
n=$(psql_app -c "SELECT count(*) FROM $TABLE")
[ "$n" -gt "$(wc -l <"$WORK/before.txt")" ] || fail "the rerun did not land the 4 days ($n rows)"
echo "ok: the next run succeeded ($n rows)"
