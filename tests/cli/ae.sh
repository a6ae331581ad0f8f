#!/bin/sh
# CLI tests of adverse events recorded with `tdn ae add`: --needle names the
# needle by its number in the session (#N), as every needle command does, and
# a session refuses more adverse events than it can hold instead of becoming
# unreadable.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith
export TDN_NOW=1795430000
run "$TDN" init
expect_rc 0
P=$("$TDN" patient add --name "Ada Lovelace" --birth 1980-05-01)
"$TDN" consent record --patient "$P" --by patient >/dev/null || exit 2
printf '{"age":46,"consent":{"patient":true}}' | "$TDN" screening record --patient "$P" - >/dev/null || exit 2

# Two sessions, so that needle #2 of the second is not needle id 2.
S1=$("$TDN" session open --patient "$P")
"$TDN" needle in --session "$S1" --muscle gastrocnemius --side L --technique deep >/dev/null || exit 2
"$TDN" needle in --session "$S1" --muscle soleus --side L --technique deep >/dev/null || exit 2
S2=$("$TDN" session open --patient "$P")
"$TDN" needle in --session "$S2" --muscle infraspinatus --side R --technique deep >/dev/null || exit 2
"$TDN" needle in --session "$S2" --muscle deltoid --side R --technique deep >/dev/null || exit 2

run "$TDN" ae add --session "$S2" --kind bruising --severity mild --needle 2 --action "compression 2 min" --resolved
expect_rc 0
[ "$(db_sql "SELECT n.number || n.muscle FROM adverse_event a JOIN needle n ON n.id = a.needle_id WHERE a.id = $OUT")" = 2deltoid ] ||
    fail "ae add --needle 2 is needle #2 of session $S2"
run "$TDN" session show --json "$S2"
[ "$(json_get 'j["adverse_events"][0]["needle"]')" = 2 ] || fail "the session shows the AE on needle #2"
before=$(db_sql "SELECT count(*) FROM adverse_event")
run "$TDN" ae add --session "$S2" --kind bruising --severity mild --needle 3
expect_rc 1
expect_err "--needle: no needle #3 in session $S2"
run "$TDN" ae add --session "$S2" --kind bruising --severity mild --needle 65
expect_rc 1
expect_err "--needle: '65' must be a whole number from 1 to 64"
[ "$(db_sql "SELECT count(*) FROM adverse_event")" = "$before" ] || fail "a refused AE was stored"

# At most 16 adverse events in a session: the 17th is refused (exit 1,
# nothing written) and the session stays usable.
i=1
while [ $i -le 15 ]; do
    "$TDN" ae add --session "$S1" --kind soreness --severity mild >/dev/null || fail "AE $i refused"
    i=$((i + 1))
done
run "$TDN" ae add --session "$S1" --kind soreness --severity mild
expect_rc 0
run "$TDN" ae add --session "$S1" --kind soreness --severity mild
expect_rc 1
expect_err "already has 16 adverse events"
[ "$(db_sql "SELECT count(*) FROM adverse_event WHERE session_id = $S1")" = 16 ] ||
    fail "the 17th AE was stored"
run "$TDN" session show "$S1"
expect_rc 0
run "$TDN" needle out --session "$S1" --needle 1
expect_rc 0
run "$TDN" needle out --session "$S1" --needle 2
expect_rc 0
run "$TDN" session close "$S1"
expect_rc 0
pass
