// The binary COPY encoder against a real PostgreSQL (scripts/with-services): every value type of
// the summary table reads back as the text PostgreSQL itself prints, and server errors are
// classified as transient or permanent.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "common/date.h"
#include "ocp/numeric.h"
#include "pg/connection.h"
#include "pg/copy.h"

namespace ocpagg::pg {
namespace {

Connection Connect() {
  const char* dsn = std::getenv("OCPAGG_TEST_PG_DSN");
  if (dsn == nullptr) {
    ADD_FAILURE() << "OCPAGG_TEST_PG_DSN is not set: run the tests through scripts/test (or "
                     "scripts/with-services ctest ...), which starts a throwaway PostgreSQL";
    return Connection();
  }
  Result<Connection> c = Connection::Open(dsn);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c).value() : Connection();
}

constexpr Int128 kE15 = 1'000'000'000'000'000;

TEST(PgRoundTrip, BinaryCopyValuesReadBackAsPostgresPrintsThem) {
  Connection c = Connect();
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Exec("CREATE TEMP TABLE rt (n numeric(33,15), d date, u uuid, j jsonb, t text, "
                     "i integer)")
                  .ok());
  const Int128 max = 999'999'999'999'999'999 * kE15 + 999'999'999'999'999;
  const std::vector<Int128> numerics = {0,
                                        1,
                                        -1,
                                        -kE15 / 2,
                                        12 * kE15 + 34 * kE15 / 100,
                                        10000 * kE15,
                                        max,
                                        -max,
                                        123456789 * kE15 + 1,
                                        -(100000000000000000 * kE15)};
  std::string data;
  CopyEncoder e(&data);
  e.Header();
  for (size_t k = 0; k < numerics.size(); ++k) {
    e.RowStart(6);
    e.Numeric15(numerics[k]);
    e.Date(DaysFromCivil({2026, 1, 1}) + static_cast<int32_t>(k) * 400 - 2000);
    ASSERT_TRUE(e.Uuid("58f1cc01-1066-47c5-ae2f-2d1953d331f8"));
    e.Jsonb(R"({"b": 1, "a": "x\u00e9"})");
    e.Text("O'Brien, \"q\"\n");
    e.Int4(static_cast<int32_t>(k) - 5);
  }
  e.Trailer();
  ASSERT_TRUE(c.CopyBegin("COPY rt FROM STDIN (FORMAT binary)").ok());
  ASSERT_TRUE(c.CopySend(data).ok());
  Status end = c.CopyEnd();
  ASSERT_TRUE(end.ok()) << end.ToString();
  Result<QueryResult> r =
      c.Query("SELECT n::text, d::text, u::text, j::text, t, i::text FROM rt ORDER BY rt.i");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows(), static_cast<int>(numerics.size()));
  for (int k = 0; k < r->rows(); ++k) {
    EXPECT_EQ(r->Get(k, 0), ocp::FormatNumeric15(numerics[static_cast<size_t>(k)])) << k;
    EXPECT_EQ(r->Get(k, 1), FormatDate(DaysFromCivil({2026, 1, 1}) + k * 400 - 2000));
    EXPECT_EQ(r->Get(k, 2), "58f1cc01-1066-47c5-ae2f-2d1953d331f8");
    EXPECT_EQ(r->Get(k, 3), R"({"a": "xé", "b": 1})");
    EXPECT_EQ(r->Get(k, 4), "O'Brien, \"q\"\n");
    EXPECT_EQ(r->Get(k, 5), std::to_string(k - 5));
  }
}

TEST(PgRoundTrip, ServerErrorsAreClassified) {
  Connection c = Connect();
  ASSERT_TRUE(c.connected());
  Status serialization =
      c.Exec("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'serialization_failure'; END $$");
  EXPECT_TRUE(serialization.IsUnavailable()) << serialization.ToString();
  EXPECT_NE(serialization.message().find("[40001]"), std::string::npos);
  Status missing = c.Exec("SELECT * FROM no_such_schema_x.t");
  EXPECT_EQ(missing.code(), StatusCode::kDatabase) << missing.ToString();
  EXPECT_EQ(missing.message().find('\n'), std::string::npos);
  Status denied = c.Exec("CREATE DATABASE not_allowed_here");  // the test role cannot
  EXPECT_EQ(denied.code(), StatusCode::kDatabase) << denied.ToString();
  EXPECT_NE(denied.message().find("[42501]"), std::string::npos);

  // A connection the server drops (as in a restart) is transient.
  Connection other = Connect();
  ASSERT_TRUE(other.connected());
  ASSERT_TRUE(
      other.Query("SELECT pg_terminate_backend($1::int)", {std::to_string(c.backend_pid())}).ok());
  Status lost = c.Exec("SELECT 1");
  EXPECT_TRUE(lost.IsUnavailable()) << lost.ToString();
}

TEST(PgRoundTrip, TransactionRollsBackWhenNotCommitted) {
  Connection c = Connect();
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Exec("CREATE TEMP TABLE tx (i int)").ok());
  {
    Result<Transaction> tx = Transaction::Begin(&c);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(c.Exec("INSERT INTO tx VALUES (1)").ok());
  }
  Result<QueryResult> r = c.Query("SELECT count(*) FROM tx");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Get(0, 0), "0");
}

}  // namespace
}  // namespace ocpagg::pg
