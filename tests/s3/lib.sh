# Helpers of the S3 acceptance tests (sourced). They run against the s3rver-based test server that
# scripts/with-services starts (tools/node/s3_server.mjs, which verifies SigV4 signatures); each
# test writes under its own prefix of $OCPAGG_TEST_S3_BUCKET.
#
#   OCPAGG     the ocpagg binary (first argument of every test)
#   PREFIX     this test's s3://bucket/prefix
#   WORK       a local scratch folder (removed at exit)
set -euo pipefail

if [ -z "${S3_ENDPOINT:-}" ] || [ -z "${OCPAGG_TEST_S3_BUCKET:-}" ]; then
  echo "FAIL: S3_ENDPOINT / OCPAGG_TEST_S3_BUCKET are not set. The S3 tests need the test server" \
    "that scripts/with-services starts: run them through scripts/test, or" \
    "scripts/with-services ctest --test-dir BUILD_DIR" >&2
  exit 1
fi

OCPAGG=$1
TEST_NAME=$(basename "$0" .sh)
PREFIX="s3://$OCPAGG_TEST_S3_BUCKET/$TEST_NAME-$$"
WORK=$(mktemp -d /tmp/ocpagg-s3test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# A CSV output without its first field (uuid, which never holds a comma), header first, rows
# sorted: what two runs must agree on.
strip_uuid_sorted() {
  head -1 "$1" | cut -d, -f2-
  tail -n +2 "$1" | cut -d, -f2- | LC_ALL=C sort
}

# Stores a local file as an object, with curl's own SigV4 signer (an independent client).
# The key is given URL-encoded (as the path is signed as sent: '=' must be %3D).
put_object() {  # local-file bucket encoded-key
  curl -sS --fail --aws-sigv4 "aws:amz:${AWS_REGION:-us-east-1}:s3" \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    -T "$1" "$S3_ENDPOINT/$2/$3" >/dev/null
}
url_encode_key() {  # every byte outside A-Za-z0-9-_.~/ as %XX
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in [A-Za-z0-9._~/-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  echo "$out"
}
