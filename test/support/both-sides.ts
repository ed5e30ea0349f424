/**
 * The proof that grader and learner agree: every slip of a unit's catalogue, planted in an
 * otherwise correct module, is named (same name, same lesson section) by the hidden suite AND by
 * the unit's public tests, and costs points in the grader. Plants are keyed `<function>/<slip id>`.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { Slip } from '../../lib/misconceptions';
import { lessonLink } from '../../lib/testing';
import { feedbackOf, type HiddenCheck, type UnitModule } from '../../grader/checks/helpers';
import { runPublicTests, type PublicFailure } from './public-run';

export interface BothSides {
  slug: string;
  /** the unit's catalogue module: per exported function, its slips */
  catalogue: Record<string, unknown>;
  checks: HiddenCheck[];
  /** absolute path of the module exporting `correct` and `plants` */
  plantsModule: string;
  correct: UnitModule;
  plants: Record<string, UnitModule>;
  /** slips deliberately not planted here, with the reason (e.g. proven in another unit) */
  notPlanted?: Record<string, string>;
}

const named = (message: string, slip: Slip<unknown>) =>
  message.includes(`It looks like ${slip.name}.`) && message.trimEnd().endsWith(`→ Reread ${lessonLink(slip.lesson)}`);

export function slipOf(catalogue: Record<string, unknown>, key: string): Slip<unknown> {
  const [fn, id] = key.split('/');
  const list = catalogue[fn!] as Slip<unknown>[] | undefined;
  const slip = list?.find((s) => s.id === id);
  if (!slip) throw new Error(`no slip ${key} in the catalogue`);
  return slip;
}

export function namedOnBothSides(unit: BothSides): void {
  const keys = Object.keys(unit.plants);
  let publicFailures: Record<string, PublicFailure[]> = {};

  describe(`${unit.slug}: every catalogued slip is named by npm test and by the grader`, () => {
    beforeAll(() => {
      publicFailures = runPublicTests(unit.slug, unit.plantsModule, ['correct', ...keys], Object.keys(unit.correct));
    }, 600_000);

    test('the correct module passes every hidden check and every public test', () => {
      for (const check of unit.checks) expect(feedbackOf(check, unit.correct), check.name).toBeNull();
      expect(publicFailures.correct).toEqual([]);
    });

    test('every slip in the catalogue is planted here', () => {
      const all = Object.entries(unit.catalogue)
        .filter(([, v]) => Array.isArray(v) && v.every((s) => typeof s === 'object' && s && 'id' in s))
        .flatMap(([fn, list]) => (list as Slip<unknown>[]).map((s) => `${fn}/${s.id}`));
      expect(all.filter((k) => !(k in unit.plants) && !(k in (unit.notPlanted ?? {})))).toEqual([]);
    });

    for (const key of keys) {
      test(key, () => {
        const slip = slipOf(unit.catalogue, key);
        const messages = unit.checks.map((c) => feedbackOf(c, unit.plants[key]!)).filter((m): m is string => m !== null);
        expect(messages.length, 'the planted slip must cost points in the grader').toBeGreaterThan(0);
        expect(messages.filter((m) => named(m, slip)), `hidden suite names "${slip.name}" with ${slip.lesson}; it said:\n${messages.join('\n---\n')}`).not.toEqual([]);
        const local = publicFailures[key] ?? [];
        expect(local.filter((f) => named(f.message, slip)), `npm test names "${slip.name}" with ${slip.lesson}; it said:\n${local.map((f) => f.message).join('\n---\n')}`).not.toEqual([]);
      });
    }
  });
}
