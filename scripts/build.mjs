// Transpiles the app to dist/ with esbuild: no type-check (that is `npm run typecheck`'s job), so
// `cdktf synth` pays tens of milliseconds for compilation instead of seconds.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts file (not .d.ts) below `dir`. */
function sources(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

await build({
  absWorkingDir: root,
  entryPoints: ['main.ts', ...sources('lib'), ...sources('scripts')],
  outdir: 'dist',
  outbase: '.',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
