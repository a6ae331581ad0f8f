#!/bin/sh
# CLI tests of the clinic's time zone (setting timezone): set and shown with
# `tdn setting`, checked against the tz database with a suggestion for a near
# miss; times in notes, ledger refusals, `session due`, handouts and the
# audit on the clinic's clock (Europe/Madrid, America/Los_Angeles across the
# end of daylight saving time and across local midnight); dates on the
# clinic's calendar. Stored times stay UTC.
. "$(dirname "$0")/lib.sh"
export TDN_USER=drsmith
export TDN_NOW=1795430000 # 2026-11-23 10:33:20 UTC = 11:33:20 CET
at() { TDN_NOW=$((1795430000 + $1)); export TDN_NOW; }
run "$TDN" init
expect_rc 0

# The setting: UTC by default, checked, audited.
run "$TDN" setting show
expect_rc 0
expect_out "timezone               UTC"
run "$TDN" setting show --json
[ "$(json_get 'j["timezone"]')" = UTC ] || fail "default timezone UTC"
run "$TDN" setting set timezone Europe/Madird
expect_rc 1
expect_err "timezone: 'Europe/Madird' is not a time zone of the tz database"
expect_err "did you mean Europe/Madrid?"
run "$TDN" setting set timezone ../../etc/passwd
expect_rc 1
expect_err "timezone: '../../etc/passwd' is not a time zone"
run "$TDN" setting set timezone ""
expect_rc 1
expect_err "timezone: needs a time zone name"
run "$TDN" setting set timezon Europe/Madrid
expect_rc 1
expect_err "setting: unknown setting 'timezon'; did you mean timezone?"
run "$TDN" setting set timezone
expect_rc 1
expect_err "setting set: give KEY VALUE"
run "$TDN" setting set screening_valid_days 0
expect_rc 1
expect_err "screening_valid_days: '0' must be a whole number of days, 1-3650"
run "$TDN" setting show --json
[ "$(json_get 'j["timezone"]')" = UTC ] || fail "a refused value changed the setting"
run "$TDN" setting set timezone Europe/Madrid --json
expect_rc 0
[ "$(json_get 'j["value"]')" = Europe/Madrid ] || fail "set --json"
run "$TDN" setting --help
expect_rc 0
expect_out "setting show [--json]"

# A session in Madrid: the note, the ledger refusal and the timers in CET.
export TDN_NOW=1793522000 # screened on 1 November, before every session below
P=$("$TDN" patient add --name "Ada Lovelace" --birth 1980-05-01)
"$TDN" consent record --patient "$P" --by patient >/dev/null || exit 2
printf '{"age":46,"consent":{"patient":true}}' | "$TDN" screening record --patient "$P" - >/dev/null || exit 2
at 0
S=$("$TDN" session open --patient "$P")
at 60
run "$TDN" needle in --session "$S" --muscle upper_trapezius --side R --technique deep
expect_rc 0
at 120
run "$TDN" session due "$S"
expect_out "session $S (needling) at 11:35:20 CET"
run "$TDN" session close "$S"
expect_rc 1
expect_err "#1 upper_trapezius R in since 11:34:20 CET (1 min)"
run "$TDN" session show "$S"
expect_out "in 11:34:20 CET  STILL IN"
at 600
"$TDN" needle out --session "$S" --needle 1 >/dev/null || exit 2
run "$TDN" session close "$S"
expect_rc 0
run "$TDN" session note "$S"
expect_out "SESSION NOTE 2026-11-23, opened 11:33:20 CET, closed 11:43:20 CET"
expect_out "in 11:34:20 CET, out 11:43:20 CET"
run "$TDN" session show --json "$S"
[ "$(json_get 'j["opened_at"]')" = 1795430000 ] || fail "stored times stay UTC unix seconds"
run "$TDN" audit
expect_out "2026-11-23 11:43 CET  drsmith"
expect_out "timezone=Europe/Madrid"

# Los Angeles, 22:00 PST on 23 November = 06:00 UTC on the 24th: the
# clinic's day is still the 23rd.
"$TDN" setting set timezone America/Los_Angeles >/dev/null 2>&1 || exit 2
export TDN_NOW=1795500000
run "$TDN" patient add --name "Born Tomorrow" --birth 2026-11-24
expect_rc 1
expect_err "--birth: 2026-11-24 is in the future"
run "$TDN" patient add --name "Born Today" --birth 2026-11-23
expect_rc 0
S2=$("$TDN" session open --patient "$P")
"$TDN" needle in --session "$S2" --muscle upper_trapezius --side R --technique deep >/dev/null || exit 2
"$TDN" needle out --session "$S2" --needle 1 >/dev/null || exit 2
run "$TDN" session close "$S2"
expect_rc 0
run "$TDN" session note "$S2"
expect_out "SESSION NOTE 2026-11-23, opened 22:00:00 PST, closed 22:00:00 PST"
run "$TDN" handout "$S2"
expect_out "After your dry needling session on 2026-11-23"
# The first note was saved at close, on the clock of that time (CET).
run "$TDN" session note "$S"
expect_out "opened 11:33:20 CET"

# Across the end of daylight saving time (1 November 2026, 02:00 PDT ->
# 01:00 PST): opened 01:50 PDT, closed 01:15 PST, 25 minutes later.
export TDN_NOW=1793523000
S3=$("$TDN" session open --patient "$P")
TDN_NOW=$((1793523000 + 300)) "$TDN" needle in --session "$S3" --muscle upper_trapezius --side R --technique deep >/dev/null || exit 2
TDN_NOW=$((1793523000 + 1200)) "$TDN" needle out --session "$S3" --needle 1 >/dev/null || exit 2
export TDN_NOW=$((1793523000 + 1500))
run "$TDN" session close "$S3"
expect_rc 0
run "$TDN" session note "$S3"
expect_out "SESSION NOTE 2026-11-01, opened 01:50:00 PDT, closed 01:15:00 PST"
expect_out "in 01:55:00 PDT, out 01:10:00 PST; dwell 15 min 0 s"

# A zone no longer in the tz database (edited by hand): a warning, UTC.
db_sql "UPDATE setting SET value = 'Mars/Olympus_Mons' WHERE key = 'timezone'" || exit 2
run "$TDN" session note "$S3"
expect_rc 0
expect_err "setting timezone: 'Mars/Olympus_Mons' is not a time zone"
expect_err "times are shown in UTC"
run "$TDN" setting set timezone UTC
expect_rc 0
pass
