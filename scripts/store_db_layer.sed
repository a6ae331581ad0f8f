# store_db_layer.sed — converts raw sqlite3 calls in the store's per-record files
# (src/store/sqlite_*.c) to the neutral statement layer of src/store/db.h.
# Apply to store code written before the layer existed, then clang-format:
#   sed -i -f scripts/store_db_layer.sed src/store/sqlite_<file>.c
# Never on sqlite.c or sqlite_group.c (the SQLite backend itself).
s/(const char \*)sqlite3_column_text(/tdn_db_text(/g
s/(const char \*) *sqlite3_column_text(/tdn_db_text(/g
s/\bsqlite3_column_text(/tdn_db_text(/g
s/\bsqlite3_column_type(\([^()]*\)) *!= *SQLITE_NULL/!tdn_db_is_null(\1)/g
s/\bsqlite3_column_type(\([^()]*\)) *== *SQLITE_NULL/tdn_db_is_null(\1)/g
s/\bsqlite3_stmt\b/tdn_db_stmt/g
s/\bsqlite3_step(/tdn_db_step(/g
s/\bSQLITE_ROW\b/TDN_DB_ROW/g
s/\bSQLITE_DONE\b/TDN_DB_DONE/g
s/\bsqlite3_column_int64(/tdn_db_int64(/g
s/\bsqlite3_column_int(/tdn_db_int(/g
s/\bsqlite3_column_double(/tdn_db_double(/g
s/\bsqlite3_column_count(/tdn_db_column_count(/g
s/\bsqlite3_column_name(/tdn_db_column_name(/g
s/\bsqlite3_changes(\([a-z_]*\)->db)/tdn_db_changes(\1)/g
s/\bsqlite3_finalize(/tdn_db_finalize(/g
s/\bsqlite3_get_autocommit(\([a-z_]*\)->db)/!tdn_db_in_transaction(\1)/g
s/\bsqlite3_exec(\([a-z_]*\)->db, \([^,]*\), NULL, NULL, NULL) *== *SQLITE_OK/tdn_db_exec(\1, \2) == TDN_OK/g
s/\bsqlite3_exec(\([a-z_]*\)->db, \([^,]*\), NULL, NULL, NULL) *!= *SQLITE_OK/tdn_db_exec(\1, \2) != TDN_OK/g
