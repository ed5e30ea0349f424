// The hidden project: every unit of the course model, its hidden suite (unit.paths.hiddenSuite) run
// against `@impl/<slug>`. A new unit needs no file here.
import { join } from 'node:path';
import type { HiddenSuite, UnitModule } from '../../grader/checks/contract';
import { loadCourse } from '../../src/course/course';
import { repoRoot } from '../../src/course/paths';
import { registerChecks } from '../support/register';

const units = await Promise.all(
  loadCourse().units.map(async (unit) => ({
    slug: unit.slug,
    suite: (await import(join(repoRoot, unit.paths.hiddenSuite))) as HiddenSuite,
    impl: (await import(`@impl/${unit.slug}`)) as UnitModule,
  })),
);
for (const { slug, suite, impl } of units) registerChecks(slug, suite.checks, impl, suite.testTimeout);
