# pg.cmake — tdn's PostgreSQL tests (label pg, plain build only: nosan).
# pg/start (FIXTURES_SETUP pg) starts a throwaway cluster (tests/pg/cluster.sh)
# whose state is in build/pg, pg/stop (FIXTURES_CLEANUP pg) stops it; every
# PostgreSQL test requires the fixture. If PostgreSQL cannot be started,
# pg/start fails and so does the run: it is never skipped.
set(TDN_PG_STATE ${CMAKE_BINARY_DIR}/pg)
add_test(NAME pg/start COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/cluster.sh start ${TDN_PG_STATE})
add_test(NAME pg/stop COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/cluster.sh stop ${TDN_PG_STATE})
set_tests_properties(pg/start PROPERTIES FIXTURES_SETUP pg LABELS "pg;nosan" TIMEOUT 120)
set_tests_properties(pg/stop PROPERTIES FIXTURES_CLEANUP pg LABELS "pg;nosan" TIMEOUT 120)

add_test(NAME pg/schema COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pg/schema.sh ${TDN_PG_STATE})
set_tests_properties(pg/schema PROPERTIES FIXTURES_REQUIRED pg LABELS "pg;nosan" TIMEOUT 300
  ENVIRONMENT "TDN_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
