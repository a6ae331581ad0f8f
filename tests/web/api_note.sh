#!/bin/sh
# api_note.sh — the session note as a clinical document over the API: the
# clinician's S/O/A/P text is saved while the note is unsigned; signing is
# refused before the session closes; after signing the store refuses any
# edit (409, whatever the client) and takes addenda; the note names the
# clinician by full name and credentials and carries the screening in words;
# the admin sets a user's credentials and the clinic's letterhead, which the
# handout then shows with the phone number and the blood-thinner advice.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
LAST=""
printf 'clinician-pass\n' | "$TDN" --db "$DB" user add --username doc --role clinician --display "Jane Lee" --password-stdin >/dev/null || fail "user"
printf 'admin-pass-long-1\n' | "$TDN" --db "$DB" user add --username boss --role admin --password-stdin >/dev/null || fail "user"
printf 'desk-pass-long-1\n' | "$TDN" --db "$DB" user add --username desk --role front_desk --password-stdin >/dev/null || fail "user"
cli() { TDN_USER=doc "$TDN" --db "$DB" "$@"; }
export TDN_NOW=1795430000
P=$(cli patient add --name "Ada Lovelace" --birth 1980-05-01) || fail "patient"
cli consent record --patient "$P" --by patient >/dev/null || fail "consent"
printf '{"age":46,"conditions":["antiplatelet"],"local":[{"condition":"infection","region":"calf:R"}],"consent":{"patient":true}}' |
    cli screening record --patient "$P" - >/dev/null || fail "screening"
S=$(cli session open --patient "$P") || fail "session"
cli needle in --session "$S" --muscle infraspinatus --side R --technique deep >/dev/null || fail "needle in"
start_server "$DB"
login() { rm -f "$COOKIES"; req POST /api/login "{\"username\":\"$1\",\"password\":\"$2\"}"; expect_status 200; TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'); }
post() { req POST "$1" "$2" -H "X-CSRF-Token: $TOKEN"; }

# the admin gives the clinician credentials and sets the letterhead
login boss admin-pass-long-1
post /api/users/doc '{"display":"Dr Jane Lee","credentials":"PT, DPT"}'
expect_status 200
post /api/users/nobody '{"display":"X"}'
expect_status 400
expect_out "no user 'nobody'"
post /api/settings/letterhead '{"clinic_name":"Harbour Physio","clinic_phone":"not a phone"}'
expect_status 400
expect_out "clinic_phone"
req GET "/sessions/$S/handout"
expect_out 'id="letterhead-hint"' # phone not set: the admin is told
"$TDN" --db "$DB" setting list | grep -q clinic_name && fail "a refused letterhead stored its name"
post /api/settings/letterhead '{"clinic_name":"Harbour Physio","clinic_address":"1 Quay St","clinic_phone":"+1 555 0100"}'
expect_status 200
req GET /admin/users
expect_out 'Dr Jane Lee, PT, DPT'
expect_out 'value="+1 555 0100"'

login doc clinician-pass
# the S/O/A/P text is saved while unsigned, even before the session closes
post "/api/sessions/$S/note" '{"subjective":"Neck pain since Monday.","assessment":"Active TrP <right> infraspinatus."}'
expect_status 200
post "/api/sessions/$S/note" '{}'
expect_status 400
post "/api/sessions/$S/note" '{"subjective":"x","colour":"red"}'
expect_status 400
post "/api/sessions/999/note" '{"plan":"x"}'
expect_status 404
# signing is refused while the session is open (a needle is in)
post "/api/sessions/$S/note/sign" ''
expect_status 409
expect_out "close it before signing"
post "/api/sessions/$S/note/addenda" '{"text":"too early"}'
expect_status 409
post "/api/sessions/$S/needles/1/out" ''
expect_status 200
post "/api/sessions/$S/close" ''
expect_status 200
post "/api/sessions/$S/note" '{"plan":"Review in a week.\nHome stretches."}'
expect_status 200
req GET "/sessions/$S/note"
expect_status 200
expect_out 'Neck pain since Monday.'
expect_out 'Active TrP &lt;right&gt; infraspinatus.'
expect_out 'Sign note'
expect_out 'Harbour Physio'
expect_no_out 'billing.cpt'
post "/api/sessions/$S/note/sign" ''
expect_status 200
expect_out '"signer":"Dr Jane Lee, PT, DPT"'
# signed: every edit is refused by the store, whatever the client sends
post "/api/sessions/$S/note" '{"plan":"changed after signing"}'
expect_status 409
expect_out "signed"
post "/api/sessions/$S/note/sign" ''
expect_status 409
expect_out "already signed"
post "/api/sessions/$S/note/addenda" '{"text":"   "}'
expect_status 400
post "/api/sessions/$S/note/addenda" '{"text":"Patient phoned: soreness settled."}'
expect_status 201
req GET "/api/sessions/$S/note"
expect_status 200
expect_out 'Signed electronically by Dr Jane Lee, PT, DPT on 2026-11-23'
expect_out '"signed":true'
expect_out '"signer":"Dr Jane Lee, PT, DPT"'
expect_out '"addenda":1'
expect_out '"plan":"Review in a week.\nHome stretches."'
expect_out 'Addendum of 2026-11-23'
expect_out 'Patient phoned: soreness settled.'
expect_out 'clinician Dr Jane Lee, PT, DPT'
expect_out 'Screening of 2026-11-23: go with caution'
expect_out 'Antiplatelet medication'
expect_out 'Blocked regions (not to be needled): Calf (right)'
expect_out 'Review in a week.'
expect_no_out 'changed after signing'
expect_no_out 'bleeding.antiplatelet'
req GET "/sessions/$S/note"
expect_out 'Add addendum'
expect_no_out 'Sign note'
expect_out 'disabled'
# the audit holds the edits, the sign-off and the addendum
"$TDN" --db "$DB" audit --json | python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin)["audit"] if r["table"] == "session_note"]
acts = [r["action"] for r in rows]
assert acts.count("change") == 2, acts
assert acts.count("sign") == 1 and acts.count("addendum") == 1, acts
' || fail "audit rows of the note"

# the handout names the patient and the clinic with its phone, and follows
# the screening (antiplatelet: pressure and bruising advice)
req GET "/api/sessions/$S/handout"
expect_status 200
expect_out '"patient":"Ada Lovelace"'
expect_out '"phone":"+1 555 0100"'
expect_out 'press on it firmly'
req GET "/sessions/$S/handout"
expect_out 'When to call the clinic: +1 555 0100'
expect_out 'For Ada Lovelace'
expect_no_out 'letterhead-hint'

# the front desk does not see or sign notes
login desk desk-pass-long-1
post "/api/sessions/$S/note/addenda" '{"text":"x"}'
expect_status 403
pass
