# Every dependency comes from a Debian 12 package that scripts/setup installs.
find_package(PkgConfig REQUIRED)
find_package(Snappy CONFIG REQUIRED)          # Snappy::snappy
find_package(zstd CONFIG REQUIRED)            # zstd::libzstd_shared
find_package(ZLIB REQUIRED)                   # ZLIB::ZLIB (gzip codec, CRC-32)
find_package(OpenSSL REQUIRED)                # OpenSSL::Crypto (sha256)
find_package(fmt CONFIG REQUIRED)             # fmt::fmt
find_package(nlohmann_json CONFIG REQUIRED)   # nlohmann_json::nlohmann_json
find_package(CLI11 CONFIG REQUIRED)           # CLI11::CLI11
find_package(yaml-cpp CONFIG REQUIRED)        # yaml-cpp (0.7: un-namespaced target)
find_package(SQLite3 REQUIRED)                # SQLite::SQLite3
find_package(PostgreSQL REQUIRED)             # PostgreSQL::PostgreSQL (libpq)
find_package(CURL REQUIRED)                   # CURL::libcurl (S3 transport)
find_package(pugixml CONFIG REQUIRED)         # pugixml::pugixml (S3 listings)
pkg_check_modules(LZ4 REQUIRED IMPORTED_TARGET liblz4)
pkg_check_modules(BROTLI REQUIRED IMPORTED_TARGET libbrotlienc libbrotlidec)
if(OCPAGG_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
endif()
if(OCPAGG_BUILD_BENCHMARKS)
  find_package(benchmark CONFIG REQUIRED)
endif()
