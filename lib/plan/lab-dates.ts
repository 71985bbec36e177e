/**
 * The day after `date` (`YYYY-MM-DD`, UTC). For `expiresOn`, the first day a lab "may be removed"
 * (its `expires-on` tag): the day the budget guard starts counting and the class's scheduled destroy
 * runs, which must agree.
 */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
