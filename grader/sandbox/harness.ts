/**
 * The harness: runs inside a sandbox process (started by pool.ts through boot.cjs), never in the
 * grader. It evaluates the hidden suites and mathjs from source text, then grades one unit of one
 * submission per job message.
 *
 * The learner's code and the code that computes the expected values share a process, so they must
 * not share a realm: each job's learner module runs in a fresh V8 context (realm.ts, set up by
 * prelude.ts), and every value crossing between the realms goes through a membrane that copies it
 * (membrane.ts). No object of the grader's realm is ever reachable from graded code, so patching
 * Math, prototypes or the test helpers can only change the learner's own realm; doing so anyway
 * (changing a built-in) is reported as a violation. Each job also gets fresh instances of the suite
 * and engine (suites.ts) and its own JobState (job.ts); run-job.ts grades it.
 *
 * This file is the bundle's entry and the only module that reads `__boot`, the modules boot.cjs
 * hands over (a sandbox can `require` nothing itself): every other module of the harness takes what
 * it needs as arguments, so a test can import it.
 */
import { nodeOracleDeps } from '../oracle/memo';
import { MissClock } from './miss-clock';
import type { InitMessage, JobMessage, JobResult, OracleBusy, ReadyMessage } from './protocol';
import { LearnerRealms } from './realm';
import { runJob, type JobContext } from './run-job';
import { graderMathjs, HiddenSuites, OracleTables } from './suites';

interface Boot {
  require: NodeJS.Require;
  process: NodeJS.Process;
  init: InitMessage;
}
declare const __boot: Boot;

const { require: nodeRequire, process: realProcess, init } = __boot;
const bootStarted = performance.now();
const now = (): number => performance.now();
const vm = nodeRequire('node:vm') as typeof import('node:vm');
const v8 = nodeRequire('node:v8') as typeof import('node:v8');
const crypto = nodeRequire('node:crypto') as typeof import('node:crypto');
const builtinModules = new Set((nodeRequire('node:module') as typeof import('node:module')).builtinModules);
const heapLimit = v8.getHeapStatistics().heap_size_limit;

const send = (message: ReadyMessage | JobResult | OracleBusy): void => {
  realProcess.send!(message);
};

const missClock = new MissClock({
  send,
  now,
  cpuMs: () => {
    const { user, system } = realProcess.cpuUsage();
    return (user + system) / 1000;
  },
});
const oracles = new OracleTables(nodeOracleDeps(v8, crypto), init.oracle, missClock);
const suites = new HiddenSuites(vm, init.suites, graderMathjs(vm, init.mathjs), oracles);
const context: JobContext = {
  suites,
  oracles,
  realms: new LearnerRealms({ vm, builtinModules, now }, init.mathjs),
  outputLimit: init.outputLimit,
  now,
  overMemory: () => realProcess.memoryUsage().heapUsed > heapLimit * 0.6,
};

// A promise the learner rejected and never handled must not take the process down (Node's default).
realProcess.on('unhandledRejection', () => undefined);
// A Ctrl-C in the teacher's terminal reaches every process of the group: the grader decides when a
// sandbox ends (it kills them as it stops), so that no unit is cut short before the grader knows it is stopping.
realProcess.on('SIGINT', () => undefined);
// When the grader goes away (even killed), so does this process.
realProcess.on('disconnect', () => realProcess.exit(0));
realProcess.on('message', (message: JobMessage) => {
  if (message && message.type === 'job') {
    missClock.job = message.id;
    runJob(message, context, (result) => {
      missClock.job = undefined;
      send(result);
    });
  }
});
send({ type: 'ready', checkNames: suites.checkNames, suiteErrors: suites.suiteErrors, bootMs: now() - bootStarted });
