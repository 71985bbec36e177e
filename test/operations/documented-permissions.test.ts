import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { preflightOperation } from '../../lib/operations/preflight/preflight-operation';
import { verifyOperation } from '../../lib/operations/verify/verify-operation';

/** The IAM actions named in backticks in `text`, sorted, each once. */
function actionsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/`([a-z0-9-]+:[A-Za-z]+)`/g)].map((m) => m[1]))].sort();
}

/** The part of docs/`file` from `start` to `end` (the first after it). */
function docPart(file: string, start: string, end: string): string {
  const text = readFileSync(path.join(__dirname, '..', '..', 'docs', file), 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`docs/${file} has no "${start}" ... "${end}"`);
  return text.slice(from, to);
}

describe('the permissions the docs list are the commands\' own (from their units)', () => {
  test('docs/before-a-class.md: the preflight', () => {
    expect(actionsIn(docPart('before-a-class.md', 'Permissions the preflight uses', '\n\n'))).toEqual([...preflightOperation.permissions()].sort());
  });

  test('docs/running-a-class.md: verify', () => {
    expect(actionsIn(docPart('running-a-class.md', 'Permissions: `eks:', 'Kubernetes read access'))).toEqual([...verifyOperation.permissions()].sort());
  });
});
