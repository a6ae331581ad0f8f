# demo.sh — `tdn demo`: creates the made-up clinic with its four logins and
# closed sessions, prints the logins, reuses the demo store on a second run,
# and refuses a store that holds another clinic.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
run "$TDN" --db demo.db demo
expect_rc 0
expect_out "created a demo clinic"
expect_out "clinician   user drlee  password demo-clinician-pass"
expect_out "patient     user casey  password demo-patient-pass"
run "$TDN" --db demo.db patient show --json 1
expect_rc 0
[ "$(json_get 'sum(1 for s in j["sessions"] if s["state"] == "closed" and s["cpt"] == "20560")')" = 3 ] \
    || fail "three closed sessions with CPT 20560"
[ "$(json_get 'len([m for m in j["measures"] if m["phase"] == "post"])')" -ge 6 ] || fail "post measures"
run "$TDN" --db demo.db demo
expect_rc 0
expect_out "reusing the demo clinic"
expect_out "admin       user admin  password demo-admin-pass"
run "$TDN" --db demo.db user list --json
[ "$(json_get 'len(j["users"])')" = 4 ] || fail "a second run added users"
run "$TDN" --db other.db init
printf 'someone-pass\n' >pw
"$TDN" --db other.db user add --username admin --role admin --password-stdin <pw >/dev/null
run "$TDN" --db other.db demo
expect_rc 1
expect_err "already holds a clinic that is not the demo"
pass
