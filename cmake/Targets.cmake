# ocpagg_add_library(NAME SOURCES ... [DEPS ...]): one module = one static library `ocpagg_<NAME>`.
function(ocpagg_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(ocpagg_${name} STATIC ${ARG_SOURCES})
  target_include_directories(ocpagg_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ocpagg_${name} PUBLIC ocpagg_options ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# ocpagg_add_test(NAME SOURCES ... [DEPS ...]): one gtest binary per module, registered with ctest.
function(ocpagg_add_test name)
  if(NOT OCPAGG_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ocpagg_options ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE OCPAGG_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT
                       "OCPAGG_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# ocpagg_add_benchmark(NAME SOURCES ... [DEPS ...]): Google Benchmark program under bench/.
function(ocpagg_add_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ocpagg_options ${ARG_DEPS} benchmark::benchmark)
endfunction()

# ocpagg_add_fuzzer(NAME SOURCES ... [DEPS ...]): libFuzzer target (clang, `fuzz` preset).
function(ocpagg_add_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ocpagg_options ${ARG_DEPS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
endfunction()
