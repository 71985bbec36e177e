import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

/** Runs the app as `cdktf synth` does (cdktf.json's "app" command) into a fresh folder; returns the stack JSON text by stack. */
async function synthTwiceApart(env: Record<string, string>): Promise<Array<{ outdir: string; stacks: Record<string, string> }>> {
  const { app } = JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };
  const once = async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'lab-determinism-'));
    await run('/bin/sh', ['-c', app], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir, ...env } });
    const stacks = Object.fromEntries(
      readdirSync(path.join(outdir, 'stacks')).map((id) => [id, readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')]),
    );
    return { outdir, stacks };
  };
  // One after the other, in different folders and processes: nothing may depend on when or where.
  const first = await once();
  const second = await once();
  return [first, second];
}

/** Terraform functions whose value changes on every plan. */
const PER_RUN_FUNCTIONS = /\b(timestamp|plantimestamp|uuid|uuidv5|bcrypt)\(/;

describe('two synths of the same configuration are byte-identical', () => {
  jest.setTimeout(120_000);

  test.each([
    ['the default lab', {}],
    ['a class of three on S3 state', { roster: 3 }],
  ])('%s', async (_name, { roster }: { roster?: number }) => {
    // An empty LAB_CONFIG for the default lab: a developer's lab.yaml in the project folder is not read.
    const empty = path.join(mkdtempSync(path.join(tmpdir(), 'lab-determinism-config-')), 'lab.yaml');
    // An explicit empty object: an empty file is rejected as a configuration nobody wrote.
    writeFileSync(empty, '{}\n');
    const env: Record<string, string> = { LAB_CONFIG: empty };
    if (roster) {
      const dir = mkdtempSync(path.join(tmpdir(), 'lab-determinism-config-'));
      const participants = Array.from({ length: roster }, (_, i) => `    - { id: p${i}, principalArn: "arn:aws:iam::123456789012:role/p${i}" }`);
      writeFileSync(
        path.join(dir, 'class.yaml'),
        ['expiresOn: 2026-12-31', 'state: { backend: s3, bucket: class-state }', 'roster:', '  participants:', ...participants, ''].join('\n'),
      );
      env.LAB_CONFIG = path.join(dir, 'class.yaml');
    }
    const [first, second] = await synthTwiceApart(env);
    expect(Object.keys(first.stacks).length).toBe(roster ? 1 + 2 * roster : 2);
    expect(Object.keys(second.stacks)).toEqual(Object.keys(first.stacks));
    for (const [id, json] of Object.entries(first.stacks)) {
      expect(second.stacks[id]).toBe(json); // byte for byte
      // Nothing machine- or run-specific: no output folder, checkout path, home or temp path, no per-run function.
      // The temp folder with a separator: a container's own `/tmp` mount is not a path of this machine.
      for (const local of [first.outdir, ROOT, homedir(), `${tmpdir()}${path.sep}`]) expect(json).not.toContain(local);
      expect(json).not.toMatch(PER_RUN_FUNCTIONS);
    }
  });
});
