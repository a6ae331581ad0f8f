#!/bin/sh
# CLI tests of the appointment book: add, move, cancel, no-show, check-in,
# list by day, week and clinician on the clinic's clock; an overlap for one
# clinician is refused naming the other appointment and writes nothing;
# bad times and ids name the option.
. "$(dirname "$0")/lib.sh"
export TDN_USER=desk TDN_NOW=1795400000   # 2026-11-23 (a Monday), a fixed clock
count() { db_sql "SELECT count(*) || '/' || (SELECT count(*) FROM audit) FROM appointment"; }

"$TDN" init >/dev/null || fail "init"
"$TDN" setting set timezone Europe/Madrid >/dev/null || fail "timezone"
printf 'clinician-pass-1\n' | "$TDN" user add --username drlee --role clinician \
    --display "Dr Jane Lee" --password-stdin >/dev/null || fail "user"
printf 'clinician-pass-2\n' | "$TDN" user add --username drkim --role clinician \
    --password-stdin >/dev/null || fail "user"
P1=$("$TDN" patient add --name "Ana Diaz" --birth 1980-02-03)
P2=$("$TDN" patient add --name "Ben Ode" --birth 1975-06-01)

run "$TDN" appointment add --patient "$P1" --clinician drlee --at "2026-11-24 09:00"
expect_rc 0
A1=$OUT
run "$TDN" appointment add --json --patient "$P2" --clinician drlee --at "2026-11-24T09:30" \
    --minutes 45
expect_rc 0
A2=$(json_get 'j["id"]')
bad_unchanged "tdn: --starts: refused: overlaps appointment $A1 (Ana Diaz with drlee, 30 min)" \
    "$TDN" appointment add --patient "$P2" --clinician drlee --at "2026-11-24 08:45"
bad_unchanged "tdn: --at: '2026-11-31 09:00' is not a date and time" \
    "$TDN" appointment add --patient "$P2" --clinician drlee --at "2026-11-31 09:00"
bad_unchanged "tdn: --clinician: 'desk' is not a clinician's user name" \
    "$TDN" appointment add --patient "$P2" --clinician desk --at "2026-11-24 12:00"
bad_unchanged "tdn: --minutes: must be 5 to 480" \
    "$TDN" appointment add --patient "$P2" --clinician drlee --at "2026-11-24 12:00" --minutes 2
bad_unchanged "tdn: --patient: no patient with id 99" \
    "$TDN" appointment add --patient 99 --clinician drlee --at "2026-11-24 12:00"

# the day's list, on the clinic's clock (CET)
run "$TDN" appointment list --date 2026-11-24
expect_rc 0
expect_out "2026-11-24 09:00 CET   30 min  drlee        Ana Diaz (patient $P1)  booked"
expect_out "2026-11-24 09:30 CET   45 min  drlee        Ben Ode (patient $P2)  booked"
run "$TDN" appointment list --json --date 2026-11-24
[ "$(json_get 'j["appointments"][0]["starts"]')" = 1795507200 ] || fail "09:00 CET is 08:00 UTC"
[ "$(json_get 'j["appointments"][1]["minutes"]')" = 45 ] || fail "minutes"

# move: into the other's time is refused, elsewhere fine, to another clinician fine
bad_unchanged "overlaps appointment $A2" "$TDN" appointment move "$A1" --at "2026-11-24 10:00"
run "$TDN" appointment move "$A1" --at "2026-11-25 11:00"
expect_rc 0
run "$TDN" appointment move "$A1" --at "2026-11-24 09:30" --clinician drkim
expect_rc 0
run "$TDN" appointment list --date 2026-11-24 --clinician drkim
expect_out "09:30 CET   30 min  drkim        Ana Diaz"
expect_no_out "Ben Ode"
run "$TDN" appointment list --week 2026-11-26
expect_out "Ana Diaz"
expect_out "Ben Ode"
run "$TDN" appointment list --date 2026-11-25
expect_out "No appointments."

# states
run "$TDN" appointment check-in "$A1"
expect_rc 0
expect_out "appointment $A1: checked_in"
bad_unchanged "tdn: status: refused: the appointment is checked_in already" \
    "$TDN" appointment check-in "$A1"
bad_unchanged "appointment: refused: a checked_in appointment cannot be moved" \
    "$TDN" appointment move "$A1" --at "2026-11-24 15:00"
run "$TDN" appointment no-show "$A2"
expect_rc 0
run "$TDN" appointment add --patient "$P1" --clinician drlee --at "2026-11-24 09:30"
expect_rc 0 # a no-show frees its time
A3=$OUT
run "$TDN" appointment cancel "$A3"
expect_rc 0
run "$TDN" appointment list --date 2026-11-24
expect_no_out "cancelled"
run "$TDN" appointment list --date 2026-11-24 --all
expect_out "cancelled"
bad_unchanged "tdn: appointment: no appointment with id 99" "$TDN" appointment cancel 99
run "$TDN" appointment list --date 2026-13-01
expect_rc 1
expect_err "--date: '2026-13-01' is not a date"
[ "$(db_sql "SELECT count(*) FROM audit WHERE tbl = 'appointment' AND action = 'change'")" = 5 ] ||
    fail "every change audited"
pass
