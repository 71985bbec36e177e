import { StackJson, TfBlock } from './fixtures';

/**
 * The dependency graph Terraform builds from a synthesized stack, as far as the tests need it: which
 * resources and data sources a block refers to, through `depends_on` or through `${...}` references.
 * Terraform creates a resource after everything it refers to, directly or transitively, and destroys
 * it before all of them.
 *
 * @see https://developer.hashicorp.com/terraform/internals/graph
 */

/** `type.name` of a resource, or `data.type.name` of a data source. */
export type TfAddress = string;

/** A traversal in an interpolation: `aws_vpc.X`, `data.terraform_remote_state.Y`, then attributes. */
const TRAVERSAL = /\b(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+/g;

/** Every `${...}` segment of a string (cdktf writes no nested braces inside one). */
const INTERPOLATION = /\$\{([^}]*)\}/g;

/** Every resource and data source of `stack`, by address. */
export function blocksOf(stack: StackJson): Map<TfAddress, TfBlock> {
  const blocks = new Map<TfAddress, TfBlock>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) blocks.set(`${type}.${name}`, block);
  }
  for (const [type, byName] of Object.entries(stack.data ?? {})) {
    for (const [name, block] of Object.entries(byName)) blocks.set(`data.${type}.${name}`, block);
  }
  return blocks;
}

/** The strings anywhere inside `value`, depth first. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * The addresses among `known` that `value` refers to in its `${...}` interpolations (anything else
 * there, such as `terraform.workspace`, is not a block of the stack).
 */
export function interpolatedAddresses(value: unknown, known: ReadonlySet<TfAddress> | ReadonlyMap<TfAddress, unknown>): TfAddress[] {
  const found = new Set<TfAddress>();
  for (const text of stringsIn(value)) {
    for (const [, expression] of text.matchAll(INTERPOLATION)) {
      for (const [candidate] of expression.matchAll(TRAVERSAL)) {
        if (known.has(candidate)) found.add(candidate);
      }
    }
  }
  return [...found];
}

/** What one block of `stack` refers to: its `depends_on` and its interpolations. */
export function directDependencies(block: TfBlock, known: ReadonlyMap<TfAddress, TfBlock>): TfAddress[] {
  return [...new Set([...(block.depends_on ?? []), ...interpolatedAddresses(block, known)])];
}

/** Everything `address` depends on in `stack`, directly or transitively (without `address` itself). */
export function dependencyClosure(stack: StackJson, address: TfAddress): Set<TfAddress> {
  const blocks = blocksOf(stack);
  if (!blocks.has(address)) throw new Error(`no block ${address} in the stack`);
  const closure = new Set<TfAddress>();
  const pending = [address];
  while (pending.length > 0) {
    const current = pending.pop() as TfAddress;
    for (const next of directDependencies(blocks.get(current) as TfBlock, blocks)) {
      if (!closure.has(next)) {
        closure.add(next);
        pending.push(next);
      }
    }
  }
  return closure;
}
