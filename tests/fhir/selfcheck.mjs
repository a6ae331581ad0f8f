// selfcheck.mjs — proves that validate.mjs can fail: takes a valid
// transaction Bundle from tdn, checks it has no problem, then breaks it in
// one way at a time (each a rule the validators must enforce) and checks
// that the validator named in each case reports the broken copy. Usage: node selfcheck.mjs BUNDLE.json
import { readFileSync } from 'node:fs';
import { checkValue, resetProblems } from './validate.mjs';

const good = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const first = (b, type) => b.entry.find((e) => e.resource.resourceType === type).resource;
const breaks = {
  'fhir.js: unexpected property': (b) => { first(b, 'Patient').nickname = 'Kit'; },
  'fhir.js: code outside its value set': (b) => { first(b, 'Patient').gender = 'femal'; },
  'R4 schema: wrong type': (b) => { first(b, 'Patient').birthDate = 19840512; },
  'R4 schema: bad dateTime': (b) => { first(b, 'Encounter').period.start = '2026-13-01'; },
  'US Core: Encounter without status': (b) => { delete first(b, 'Encounter').status; },
  'US Core: Observation without category': (b) => { delete first(b, 'Observation').category; },
  'US Core: Condition without code': (b) => { delete first(b, 'Condition').code; },
  'US Core: Procedure without subject': (b) => { delete first(b, 'Procedure').subject; },
  'US Core: Patient without identifier': (b) => { delete first(b, 'Patient').identifier; },
  'ppc-1: Consent without policy or policyRule': (b) => { delete first(b, 'Consent').policyRule; },
  'bdl-7: fullUrl twice': (b) => { b.entry[1].fullUrl = b.entry[0].fullUrl; },
  'carry request: transaction entry without request': (b) => { delete b.entry[2].request; },
  'does not resolve: a reference to no entry': (b) => {
    first(b, 'Procedure').encounter.reference = 'urn:uuid:00000000-0000-8000-8000-000000000000';
  },
};

let bad = 0;
checkValue(good, 'good');
const p0 = resetProblems();
if (p0.length) {
  console.log(`the good bundle has problems:\n${p0.slice(0, 20).join('\n')}`);
  bad++;
}
for (const [name, breakIt] of Object.entries(breaks)) {
  const b = structuredClone(good);
  breakIt(b);
  checkValue(b, name);
  // the validator named before the first ':' must be the one that reports it
  const tag = name.slice(0, name.indexOf(':'));
  const hit = resetProblems().find((x) => x.includes(tag));
  console.log(`${hit ? 'caught' : 'MISSED'}: ${name}${hit ? ` (${hit})` : ''}`);
  if (!hit) bad++;
}
process.exit(bad ? 1 : 0);
