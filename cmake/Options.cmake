# Compile and link options shared by every ocpagg target, carried by the INTERFACE target
# ocpagg_options so that no global flags are needed.
add_library(ocpagg_options INTERFACE)
target_compile_options(ocpagg_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                -Wimplicit-fallthrough)
if(OCPAGG_WERROR)
  target_compile_options(ocpagg_options INTERFACE -Werror)
endif()
if(OCPAGG_SANITIZE)
  target_compile_options(ocpagg_options INTERFACE -fsanitize=address,undefined
                                                  -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(ocpagg_options INTERFACE -fsanitize=address,undefined)
endif()
if(OCPAGG_BUILD_FUZZERS)
  # Instrument every library for coverage; the fuzz targets add -fsanitize=fuzzer at link time.
  target_compile_options(ocpagg_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -g)
  target_link_options(ocpagg_options INTERFACE -fsanitize=address,undefined)
endif()
