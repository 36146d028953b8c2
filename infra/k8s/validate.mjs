// Validates rendered Kubernetes manifests (a multi-document YAML file, or stdin with "-")
// against the Kubernetes API schemas, with the npm package kubernetes-models (its
// generated JSON-schema validators, one per apiVersion/kind). Prints one JSON line:
//   {"objects":[{"apiVersion","kind","name"}...],"errors":["Deployment/x: ..."]}
// and exits 1 if any object is invalid or of a kind it has no schema for.
//
//   bash infra/k8s/kustomize.sh deploy/k8s/overlays/prod | node infra/k8s/validate.mjs -
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const source = process.argv[2];
if (!source) {
  console.error('usage: node infra/k8s/validate.mjs <file.yaml | ->');
  process.exit(2);
}
const text = readFileSync(source === '-' ? 0 : source, 'utf8');

/** kubernetes-models' module for an apiVersion and kind: core "v1" is at kubernetes-models/v1. */
async function modelFor(apiVersion, kind) {
  if (!/^[a-z0-9.]+(\/v[0-9a-z]+)?$/.test(apiVersion ?? '') || !/^[A-Za-z]+$/.test(kind ?? '')) return undefined;
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

const objects = [];
const errors = [];
for (const doc of parseAllDocuments(text)) {
  if (doc.errors.length > 0) {
    errors.push(`YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    continue;
  }
  const object = doc.toJS();
  if (object === null || object === undefined) continue;
  const { apiVersion, kind } = object;
  const name = object.metadata?.name;
  const label = `${kind}/${name}`;
  objects.push({ apiVersion, kind, name });
  const Model = await modelFor(apiVersion, kind);
  if (!Model) {
    errors.push(`${label}: no Kubernetes schema for ${apiVersion} ${kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    errors.push(`${label}: ${error?.message ?? error}`);
  }
}
console.log(JSON.stringify({ objects, errors }));
process.exit(errors.length > 0 ? 1 : 0);
