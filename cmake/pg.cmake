# pg.cmake — tdn's PostgreSQL tests (label pg, plain build only: nosan).
# pg/start (FIXTURES_SETUP pg) starts a throwaway cluster (tests/pg/cluster.sh)
# whose state is in build/pg, pg/stop (FIXTURES_CLEANUP pg) stops it; every
# PostgreSQL test requires the fixture. If PostgreSQL cannot be started,
# pg/start fails and so does the run: it is never skipped.
set(TDN_PG_STATE ${CMAKE_BINARY_DIR}/pg)
add_test(NAME pg/start COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/cluster.sh start ${TDN_PG_STATE})
add_test(NAME pg/stop COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/cluster.sh stop ${TDN_PG_STATE})
# The suites check behaviour, not durability (their crash tests kill tdn, not
# PostgreSQL): the cluster runs without fsync; the benches keep it on.
set_tests_properties(pg/start PROPERTIES FIXTURES_SETUP pg LABELS "pg;nosan" TIMEOUT 120
  ENVIRONMENT "TDN_PG_FSYNC=off")
set_tests_properties(pg/stop PROPERTIES FIXTURES_CLEANUP pg LABELS "pg;nosan" TIMEOUT 120)

add_test(NAME pg/schema COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/schema.sh ${TDN_PG_STATE})
set_tests_properties(pg/schema PROPERTIES FIXTURES_REQUIRED pg LABELS "pg;nosan" TIMEOUT 300
  ENVIRONMENT "TDN_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# The store's own tests on the cluster (the same binary skips them in the
# plain unit run, which has no cluster).
add_test(NAME pg/unit/test_pg_store COMMAND test_pg_store)
set_tests_properties(pg/unit/test_pg_store PROPERTIES FIXTURES_REQUIRED pg LABELS "pg;nosan"
  TIMEOUT 300 ENVIRONMENT "TDN_TEST_PG_STATE=${TDN_PG_STATE}")

# The CLI and web API suites a second time, each test on a fresh PostgreSQL
# database of the cluster (tests/cli/lib.sh reads TDN_TEST_PG_STATE).
foreach(t ${TDN_CLI_TESTS} ${TDN_WEB_TESTS})
  get_filename_component(name ${t} NAME_WE)
  get_filename_component(dir ${t} DIRECTORY)
  get_filename_component(kind ${dir} NAME)
  add_test(NAME pg/${kind}/${name} COMMAND sh ${t})
  set_tests_properties(pg/${kind}/${name} PROPERTIES FIXTURES_REQUIRED pg LABELS "pg;nosan"
    TIMEOUT 600 ENVIRONMENT "TDN=$<TARGET_FILE:tdn>;TDN_SOURCE_DIR=${CMAKE_SOURCE_DIR};TDN_TEST_PG_STATE=${TDN_PG_STATE}")
endforeach()

# Faults: bad URLs, passwords and servers, a restart under tdn serve (on a
# private cluster of its own), a schema newer than tdn.
add_test(NAME pg/faults COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/faults.sh)
set_tests_properties(pg/faults PROPERTIES FIXTURES_REQUIRED pg LABELS "pg;nosan" TIMEOUT 300
  ENVIRONMENT "TDN=$<TARGET_FILE:tdn>;TDN_SOURCE_DIR=${CMAKE_SOURCE_DIR};TDN_TEST_PG_STATE=${TDN_PG_STATE}")

# tdn migrate: SQLite to PostgreSQL and back.
add_test(NAME pg/migrate COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/migrate.sh)
set_tests_properties(pg/migrate PROPERTIES FIXTURES_REQUIRED pg LABELS "pg;nosan" TIMEOUT 300
  ENVIRONMENT "TDN=$<TARGET_FILE:tdn>;TDN_SOURCE_DIR=${CMAKE_SOURCE_DIR};TDN_TEST_PG_STATE=${TDN_PG_STATE}")

# Two `tdn serve` on one database: 64 clients for 30 s, then SIGKILL of one.
add_test(NAME pg/concurrency COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/concurrency.sh)
set_tests_properties(pg/concurrency PROPERTIES FIXTURES_REQUIRED pg LABELS "pg;nosan" TIMEOUT 600
  ENVIRONMENT "TDN=$<TARGET_FILE:tdn>;TDN_SOURCE_DIR=${CMAKE_SOURCE_DIR};TDN_TEST_PG_STATE=${TDN_PG_STATE}")
