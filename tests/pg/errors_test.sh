#!/usr/bin/env bash
# Acceptance: permanent failures end at once with one clear stderr line and exit code 1, and no
# password in it: a wrong password, a schema that does not exist, a schema without Koku's tables.
source "$(dirname "$0")/lib.sh"

"$OCPAGG" generate --out "$WORK/data" --nodes 2 --pods 2 --days 1 --start 2025-10-01 --quiet
"$OCPAGG" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" --quiet

expect_one_line_failure() {  # name, expected text, args...
  local name=$1 expected=$2
  shift 2
  local rc=0 started=$SECONDS
  "$OCPAGG" summarize --input "$WORK/data" --month 2025-10 "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  [ "$rc" = 1 ] || fail "$name: exit code $rc, expected 1 (stderr: $(cat "$WORK/err"))"
  [ "$(wc -l <"$WORK/err")" = 1 ] || fail "$name: expected one stderr line, got: $(cat "$WORK/err")"
  [ ! -s "$WORK/out" ] || fail "$name: unexpected stdout: $(cat "$WORK/out")"
  grep -q "$expected" "$WORK/err" || fail "$name: '$expected' not in: $(cat "$WORK/err")"
  [ $((SECONDS - started)) -lt 5 ] || fail "$name: took $((SECONDS - started)) s (retried a permanent failure?)"
  echo "ok: $name: $(cat "$WORK/err")"
}

wrong="postgresql://ocpagg_test:Wr0ngPassw0rdXyz@${OCPAGG_TEST_PG_DSN#*@}"
expect_one_line_failure "wrong password" "password authentication failed" \
  --output "$wrong" --schema "$SCHEMA"
grep -q Wr0ngPassw0rdXyz "$WORK/err" && fail "the password appears in the error"
right_password=${OCPAGG_TEST_PG_DSN#postgresql://ocpagg_test:}
right_password=${right_password%%@*}

# The password in the PGPASSWORD environment variable instead of the URL.
PGPASSWORD=Wr0ngPassw0rdXyz expect_one_line_failure "wrong PGPASSWORD" "password authentication failed" \
  --output "postgresql://ocpagg_test@${OCPAGG_TEST_PG_DSN#*@}" --schema "$SCHEMA"

expect_one_line_failure "missing schema" 'schema "nosuchschema" does not exist' \
  --output "$OCPAGG_TEST_PG_DSN" --schema nosuchschema
grep -q "$right_password" "$WORK/err" && fail "the password appears in the error"

psql_app -c "CREATE SCHEMA ${SCHEMA}_empty"
expect_one_line_failure "schema without tables" "lacks reporting_ocpusagereportperiod" \
  --output "$OCPAGG_TEST_PG_DSN" --schema "${SCHEMA}_empty"
psql_app -c "DROP SCHEMA ${SCHEMA}_empty"

expect_one_line_failure "invalid schema name" "expected a lowercase PostgreSQL name" \
  --output "$OCPAGG_TEST_PG_DSN" --schema 'x"; drop table y; --'

# The success path with PG* variables only (no DSN in the command line).
hostport=${OCPAGG_TEST_PG_DSN#*@}
PGHOST=${hostport%%:*} PGPORT=$(echo "$hostport" | sed 's/^[^:]*:\([0-9]*\)\/.*/\1/') \
  PGUSER=ocpagg_test PGDATABASE=ocpagg_test PGPASSWORD=$right_password \
  "$OCPAGG" summarize --input "$WORK/data" --month 2025-10 --output postgresql:// \
  --schema "$SCHEMA" --quiet
[ "$(psql_app -c "SELECT count(*) > 0 FROM $TABLE")" = t ] || fail "no rows via PG* variables"
echo "ok: PG* environment variables"
