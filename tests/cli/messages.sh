#!/bin/sh
# CLI tests that an error says what is wrong with what the user gave, not
# that it is missing: a side or technique given but not valid, a fractional
# NPRS (not out of range, just not whole), a birth date before 1900 (a real
# date), and a pressure pain threshold of 0 (no pressure is no threshold);
# the needle commands name the option as typed (--length, not length). Each
# exits 1 and writes nothing.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith TDN_NOW=1795400000
run "$TDN" init
expect_rc 0
P=$("$TDN" patient add --name "Ada Lovelace" --birth 1980-05-01)
S=$("$TDN" session open --patient "$P")
count() { db_sql "SELECT (SELECT count(*) FROM patient) || '/' || (SELECT count(*) FROM needle) || '/' || (SELECT count(*) FROM measure)"; }
bad() { bad_unchanged "$@"; }
bad "--technique: 'medium' must be deep or superficial" \
    "$TDN" needle in --session "$S" --muscle deltoid --side R --technique medium --override "test"
bad "--technique: required, deep or superficial" \
    "$TDN" needle in --session "$S" --muscle deltoid --side R --override "test"
bad "--side: 'B' must be L or R" \
    "$TDN" needle in --session "$S" --muscle deltoid --side B --technique deep --override "test"
bad "--side: required, L or R" \
    "$TDN" needle in --session "$S" --muscle deltoid --technique deep --override "test"
bad "--value: 5.5 is not a whole number (nprs: a whole number from 0 to 10)" \
    "$TDN" measure add --session "$S" --phase pre --kind nprs --site temple --value 5.5
bad "--value: 0 is out of range for ppt (more than 0, up to 20 kg/cm²)" \
    "$TDN" measure add --session "$S" --phase pre --kind ppt --site upper_trapezius --value 0
bad "--birth: 1899-12-31 is before 1900" "$TDN" patient add --name "Old" --birth 1899-12-31
bad "--birth: 2023-02-30 is not a date" "$TDN" patient add --name "Feb" --birth 2023-02-30
bad "--muscle: unknown muscle 'uper_trap' (did you mean 'upper_trapezius'?)" \
    "$TDN" needle in --session "$S" --muscle uper_trap --side R --technique deep --override "test"
bad "--length: needle length in mm from 7 to 150" \
    "$TDN" needle in --session "$S" --muscle deltoid --side R --technique deep --length 5 --override "test"
bad "--gauge: needle diameter in mm" \
    "$TDN" needle in --session "$S" --muscle deltoid --side R --technique deep --gauge 0.9 --override "test"
bad "--palpation: must be pincer or flat" \
    "$TDN" needle in --session "$S" --muscle deltoid --side R --technique deep --palpation poke --override "test"
bad "--needle: no needle #1 in this session" "$TDN" needle out --session "$S" --needle 1
bad "--reason: required" "$TDN" session abort "$S"
run "$TDN" measure add --session "$S" --phase pre --kind ppt --site upper_trapezius --value 0.5
expect_rc 0
pass
