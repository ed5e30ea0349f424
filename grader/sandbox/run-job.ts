/**
 * One job: one unit of one submission, graded in a fresh learner realm by a fresh instance of the
 * unit's hidden suite, with a fresh JobState collecting what the learner's code printed and did.
 */
import type { HiddenCheck, UnitModule } from '../checks/contract';
import { cleanError, describeError } from './errors';
import { clip, JobState } from './job';
import { Membrane } from './membrane';
import type { CheckOutcome, JobMessage, JobResult } from './protocol';
import type { AnyFunction, LearnerRealms, Realm } from './realm';
import type { HiddenSuites, OracleTables } from './suites';

const { apply } = Reflect;

/** What a sandbox's jobs share. */
export interface JobContext {
  suites: HiddenSuites;
  oracles: OracleTables;
  realms: LearnerRealms;
  /** characters of console output kept per job */
  outputLimit: number;
  now: () => number;
  /** the process's heap is so full that the next job might fail on its first allocation */
  overMemory: () => boolean;
}

/**
 * The learner's module evaluated in `realm`, as the checks see it: a frozen object of its exports,
 * each function wrapped by the membrane and every other value copied out. Throws what loading threw
 * (as thrown: the caller cleans it).
 */
export function loadUnit(realm: Realm, code: string, filename: string): UnitModule {
  const factory = realm.moduleFactory(code, filename);
  const { exports, module } = realm.kit.module();
  apply(factory, exports, [exports, realm.kit.require, module]);
  const membrane = new Membrane(realm);
  const loaded = module.exports as Record<string, unknown>;
  const impl = Object.create(null) as UnitModule;
  for (const key of Object.keys(loaded)) {
    const value = loaded[key];
    impl[key] = typeof value === 'function' ? membrane.wrapLearner(value as AnyFunction, key) : membrane.callLearner(() => value, []);
  }
  return Object.freeze(impl);
}

/** Grade one job; `answer` gets the result once the learner's pending microtasks have run. */
export function runJob(message: JobMessage, context: JobContext, answer: (result: JobResult) => void): void {
  const { now } = context;
  const started = now();
  const job = new JobState(context.outputLimit);
  const { table: oracle } = context.oracles.of(message.slug);
  for (const [key, value] of message.oracle ?? []) oracle.addEncoded(key, value);
  const oracleBefore = { ...oracle.stats };
  const checks: CheckOutcome[] = [];
  let suite: HiddenCheck[] | undefined;
  try {
    suite = context.suites.instantiate(message.slug);
  } catch (error) {
    job.flag({ kind: 'crash', message: `the grader could not load the hidden suite of ${message.slug}: ${describeError(error)}` });
  }
  const realm = context.realms.open(job);
  let impl: UnitModule | undefined;
  if (suite) {
    try {
      impl = loadUnit(realm, message.code, `exercises/${message.slug}/index.ts`);
    } catch (error) {
      const clean = cleanError(error, realm.kit.errors, job);
      job.flag({ kind: 'load', message: `the module failed to load: ${describeError(clean)}` });
    }
  }
  if (suite && impl) {
    for (const check of suite) {
      if (job.violation) break;
      try {
        check.run(impl);
        checks.push({ name: check.name, passed: true });
      } catch (error) {
        let feedback: string;
        try {
          feedback = error instanceof Error ? error.message : String(error);
        } catch {
          feedback = 'the check failed with an error that cannot be read';
        }
        checks.push({ name: check.name, passed: false, feedback: clip(feedback) });
      }
    }
  }
  // Checked before any of the learner's microtasks can run and put things back.
  const changed = realm.changedBuiltins();
  if (changed.length > 0) {
    const shown = changed.slice(0, 3).join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
    job.flag({ kind: 'forbidden', message: `changed built-ins (${shown}): graded code may not modify Math, JSON, the prototypes or other built-ins` });
  }
  // Let pending microtasks run inside this job's time limit, then answer.
  setImmediate(() => {
    answer({
      type: 'result',
      id: message.id,
      checks,
      output: job.output.join(''),
      droppedLines: job.droppedLines,
      ms: now() - started,
      oracle: {
        misses: oracle.drainMisses(),
        hits: oracle.stats.hits - oracleBefore.hits,
        computed: oracle.stats.computed - oracleBefore.computed,
        computeMs: oracle.stats.computeMs - oracleBefore.computeMs,
      },
      ...(job.violation ? { violation: job.violation } : {}),
      // A unit that ran out of memory leaves its array buffers holding the data segment at its limit until
      // V8 gets round to freeing them, and the next unit would fail on its first allocation: replace the process.
      ...(context.overMemory() || job.violation?.kind === 'memory' ? { tainted: true } : {}),
    });
  });
}
