import { describe, test } from 'vitest';
import type { HiddenCheck, UnitModule } from '../../grader/checks/contract';

/** Turn a unit's hidden checks into vitest tests against the module `@impl` resolved to. */
export function registerChecks(slug: string, checks: HiddenCheck[], impl: UnitModule, testTimeout?: number): void {
  const names = new Set<string>();
  for (const check of checks) {
    if (names.has(check.name)) throw new Error(`${slug}: duplicate hidden check name "${check.name}"`);
    names.add(check.name);
  }
  describe(slug, () => {
    for (const check of checks) test(check.name, () => check.run(impl), testTimeout);
  });
}
