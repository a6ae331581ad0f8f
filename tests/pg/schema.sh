#!/bin/sh
# schema.sh STATE — checks the PostgreSQL migrations (src/store/schema_pg)
# against the SQLite ones on the throwaway cluster whose state is in STATE
# (tests/pg/cluster.sh): each applies in order, the triggers refuse what
# SQLite's refuse, and tables, columns and constraints are alike.
set -eu
: "${TDN_SOURCE_DIR:?TDN_SOURCE_DIR must point at the source tree}"
url=$(sh "$TDN_SOURCE_DIR/tests/pg/cluster.sh" url "$1")
exec python3 "$TDN_SOURCE_DIR/tests/pg/schema_compare.py" "$TDN_SOURCE_DIR/src/store/schema" \
    "$TDN_SOURCE_DIR/src/store/schema_pg" "$url"
