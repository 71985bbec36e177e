import { UniqueName, uniqueNamesOf } from '../../../plan/unique-names';
import type { ExistingNameFinder } from '../collisions/existing-name-finder';
import { PreflightCheck, PreflightContext, PreflightResult, PreflightRow, plural } from '../preflight-check';
import { STATE_READER_PERMISSIONS, StateStatus } from '../terraform-state';

/** Names listed in a row before `and N more`. */
const LISTED = 5;

/**
 * The check that nothing of the lab's kind `finder` already exists unless the lab's own state holds
 * it: an existing name that the stack's state holds is a redeploy (PASS); one no state holds is the
 * leftover of an earlier run or another lab with the same name, and the deploy would fail on it
 * (FAIL, with how to remove it or to rename the lab). When the state cannot be read it cannot tell:
 * WARN. An empty or missing state is normal before a first deploy.
 */
export function nameCollisionCheck(finder: ExistingNameFinder): PreflightCheck {
  const check = `Existing names: ${finder.label}`;
  return {
    name: check,
    permissions: finder.permissions,
    async run(context) {
      const { config, environments, state } = context;
      const names = environments.flatMap((e) => uniqueNamesOf(config, e)).filter((n) => n.kind === finder.kind);
      if (names.length === 0) return [];
      // Memoized: the IAM roles quota check asks for the same roles.
      const existing = await existingNames(finder, names.map((n) => n.name), context);
      const ours: UniqueName[] = [];
      const unknown: Array<{ name: UniqueName; why: string }> = [];
      const leftovers: Array<{ name: UniqueName; why: string }> = [];
      const collisions: UniqueName[] = [];
      for (const name of names.filter((n) => existing.has(n.name))) {
        const stackState = await state.read(name.stackName);
        if (stackState.holds(finder.kind, name.name)) {
          ours.push(name);
        } else if (stackState.status === StateStatus.UNREADABLE) {
          unknown.push({ name, why: `the state ${stackState.location} could not be read (${stackState.reason})` });
        } else {
          const why = finder.leftover === undefined ? undefined : await finder.leftover(name, context);
          if (why === undefined) collisions.push(name);
          else leftovers.push({ name, why });
        }
      }

      const rows: PreflightRow[] = [];
      if (collisions.length > 0) {
        rows.push({
          check,
          result: PreflightResult.FAIL,
          figure: `${collisions.length} of ${names.length} already exist and no state of this lab holds them: ${listed(collisions.map((c) => c.name))}`,
          fix: [
            `the leftovers of an earlier run, or another lab of the same name: if they are yours, remove them; else choose another labName (every name derives from it)`,
            ...collisions.slice(0, LISTED).map((c) => `  ${finder.removal(c.name, config.region)}`),
            ...(finder.note === undefined ? [] : [finder.note]),
          ].join('\n'),
        });
      }
      if (unknown.length > 0) {
        rows.push({
          check,
          result: PreflightResult.WARN,
          figure: `${unknown.length} of ${names.length} already exist, redeploy or collision unknown: ${listed(unknown.map((u) => u.name.name))}`,
          fix: `${unknown[0].why}; allow reading it (${STATE_READER_PERMISSIONS.join(', ')}) to tell`,
        });
      }
      if (leftovers.length > 0) {
        rows.push({
          check,
          result: PreflightResult.WARN,
          figure: `${leftovers.length} of ${names.length} left over: ${listed(leftovers.map((l) => l.name.name))}`,
          fix: [`${leftovers[0].why}; to remove it now:`, ...leftovers.slice(0, LISTED).map((l) => `  ${finder.removal(l.name.name, config.region)}`)].join('\n'),
        });
      }
      if (rows.length === 0) {
        rows.push({
          check,
          result: PreflightResult.PASS,
          figure:
            ours.length === 0
              ? `${plural(names.length, 'name')} checked, none exists`
              : `${ours.length} of ${names.length} exist, held by this lab's state (a redeploy)`,
        });
      }
      return rows;
    },
  };
}

function listed(names: readonly string[]): string {
  return names.length <= LISTED ? names.join(', ') : `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
}

/** Which of `names` exist, as `finder` finds them, asked once per run and account. */
export function existingNames(finder: ExistingNameFinder, names: readonly string[], context: PreflightContext): Promise<ReadonlySet<string>> {
  return context.memo(`existing ${finder.kind}: ${names.join(' ')}`, () => finder.existing(names, context));
}
