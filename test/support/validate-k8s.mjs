// Validates Kubernetes API objects (a JSON array on stdin) against the OpenAPI schema that the
// kubernetes-models package compiles in. Prints a JSON array of { index, kind, name, errors }.
// Runs as its own ESM process: kubernetes-models 5 (Kubernetes 1.36.0) is ESM-only.
// Usage: node validate-k8s.mjs <package> < objects.json
const pkg = process.argv[2];
const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => (text += chunk));
  process.stdin.on('end', () => resolve(text));
});
const objects = JSON.parse(input);
const results = [];
for (const [index, object] of objects.entries()) {
  const module = await import(`${pkg}/${object.apiVersion}/${object.kind}`);
  const Model = module[object.kind];
  let errors = [];
  try {
    new Model(object).validate();
  } catch (error) {
    errors = String(error.message).split(', ');
  }
  results.push({ index, kind: object.kind, name: object.metadata?.name, errors });
}
process.stdout.write(JSON.stringify(results));
