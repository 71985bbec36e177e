// Transpiles the app to dist/ with esbuild: no type-check (that is `npm run typecheck`'s job), so
// `cdktf synth` pays tens of milliseconds for compilation instead of seconds.
//
// Files are written only when their content changed, each through a temporary file and a rename, so
// a build running while another process loads dist/ (parallel test workers both running the app)
// never exposes a half-written module.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts file (not .d.ts) below `dir`. */
function sources(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

const result = await build({
  absWorkingDir: root,
  entryPoints: ['main.ts', ...sources('lib'), ...sources('scripts')],
  outdir: 'dist',
  outbase: '.',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  write: false,
});

for (const file of result.outputFiles) {
  let current;
  try {
    current = readFileSync(file.path);
  } catch {
    current = undefined;
  }
  if (current && Buffer.compare(current, file.contents) === 0) continue;
  mkdirSync(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}
