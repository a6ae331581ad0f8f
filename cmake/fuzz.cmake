# fuzz.cmake — libFuzzer targets: every tests/fuzz/fuzz_<name>.c is built with
# clang (-fsanitize=fuzzer,address,undefined) against src/core and the app/
# file it names below, whatever compiler builds the rest, and run briefly as
# the CTest test fuzz/<name> on a copy of tests/fuzz/corpus/<name>/ (new
# inputs go to the build directory, never into the source tree), with the
# dictionary tests/fuzz/<name>.dict when there is one. Skipped
# when clang or its fuzzer runtime is missing. Labelled nosan: the target
# carries its own sanitizers, so `make check` runs it once, in the plain pass.
# Longer runs: build/fuzz/fuzz_<name> -max_total_time=600 build/fuzz/corpus/<name>
find_program(TDN_CLANG NAMES clang clang-14)
set(TDN_FUZZ_SECONDS 15 CACHE STRING "seconds per fuzz target in ctest")
set(TDN_FUZZ_RUNS 200000 CACHE STRING "at most this many inputs per fuzz target in ctest")
if(TDN_CLANG)
  # clang finds its runtime under lib/linux/ of the resource directory
  execute_process(COMMAND ${TDN_CLANG} -print-resource-dir
                  OUTPUT_VARIABLE TDN_CLANG_RES OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
if(NOT TDN_CLANG OR NOT EXISTS "${TDN_CLANG_RES}/lib/linux/libclang_rt.fuzzer-x86_64.a")
  message(STATUS "fuzz: clang with libFuzzer not found; fuzz tests skipped")
  return()
endif()

pkg_get_variable(TDN_JANSSON_INCDIR jansson includedir)
pkg_get_variable(TDN_PQ_INCDIR libpq includedir)
file(GLOB TDN_FUZZ_SRCS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
# The app/ sources each target needs besides src/core/*.c.
set(TDN_FUZZ_APP_profile ${CMAKE_SOURCE_DIR}/src/app/screen_json.c)
set(TDN_FUZZ_APP_rules "")
# core/stats.c links GSL (its flags from pkg-config, GSL_LDFLAGS).
# dispatch runs whole web requests: the web, store and app layers and the
# embedded files, with SQLite (libpq loaded at run time), libsodium and libmicrohttpd; argon2id is
# swapped for a cheap stand-in at link time (see tests/fuzz/fuzz_dispatch.c).
set(TDN_FUZZ_APP_dispatch ${TDN_APP_SRC} ${TDN_STORE_SRC} ${TDN_WEB_SRC}
    ${CMAKE_BINARY_DIR}/embedded_data.c ${CMAKE_BINARY_DIR}/embedded_assets.c
    ${CMAKE_BINARY_DIR}/embedded_schema.c ${CMAKE_BINARY_DIR}/embedded_schema_pg.c
    ${CMAKE_BINARY_DIR}/embedded_passwords.c)
set(TDN_FUZZ_LIBS_dispatch -I${PQ_INCLUDEDIR} -lsqlite3 -ldl -lsodium -lmicrohttpd -lpthread
    -Wl,--wrap=crypto_pwhash_str -Wl,--wrap=crypto_pwhash_str_verify)
# Longest input per target (default 4096 bytes): the rules corpus holds the whole data file.
set(TDN_FUZZ_MAXLEN_rules 16384)

foreach(src ${TDN_FUZZ_SRCS})
  get_filename_component(target ${src} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" name ${target})
  set(exe ${CMAKE_BINARY_DIR}/fuzz/${target})
  set(deps ${src} ${TDN_CORE_SRC} ${TDN_FUZZ_APP_${name}})
  add_custom_command(
    OUTPUT ${exe}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/fuzz
    COMMAND ${TDN_CLANG} -std=c17 -g -O1 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L
            -D_DEFAULT_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
            -I${CMAKE_SOURCE_DIR}/src -I${TDN_JANSSON_INCDIR} -I${TDN_PQ_INCDIR}
            "-DTDN_FUZZ_DATA=\"${CMAKE_SOURCE_DIR}/data\""
            ${src} ${TDN_CORE_SRC} ${TDN_FUZZ_APP_${name}} ${TDN_FUZZ_LIBS_${name}} -ljansson ${GSL_LDFLAGS} -lm
            -o ${exe}
    DEPENDS ${deps}
    COMMENT "Building libFuzzer target ${target} with clang"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${exe})
  set(corpus ${CMAKE_BINARY_DIR}/fuzz/corpus/${name})
  set(maxlen 4096)
  if(TDN_FUZZ_MAXLEN_${name})
    set(maxlen ${TDN_FUZZ_MAXLEN_${name}})
  endif()
  set(dict "")
  if(EXISTS ${CMAKE_SOURCE_DIR}/tests/fuzz/${name}.dict)
    set(dict "-dict=${CMAKE_SOURCE_DIR}/tests/fuzz/${name}.dict")
  endif()
  add_test(NAME fuzz/${name}
           COMMAND sh -c "mkdir -p '${corpus}' && exec '${exe}' -runs=${TDN_FUZZ_RUNS} \
-max_total_time=${TDN_FUZZ_SECONDS} -timeout=10 -rss_limit_mb=1024 -max_len=${maxlen} -print_final_stats=1 ${dict} \
'${corpus}' '${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name}'")
  set_tests_properties(fuzz/${name} PROPERTIES LABELS "nosan;fuzz" TIMEOUT 300)
endforeach()
