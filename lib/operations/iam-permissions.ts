/**
 * The IAM permissions of a command, from its units (checks, resource kinds, the calls of the command
 * itself): each once, in the order they first appear. No list is kept by hand next to the units; a
 * test checks that each unit declares a permission for every AWS call it makes.
 */
export function permissionsOf(...units: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(units.flat())];
}
