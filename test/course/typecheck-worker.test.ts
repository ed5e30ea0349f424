/**
 * The type checker's bookkeeping around its worker thread (src/course/typecheck.ts), with the worker
 * replaced by a stand-in whose answers and exits the test decides: a batch that times out is split
 * and its submissions are checked alone by a new worker, and the exit of the worker that was stopped
 * must not fail the new worker's batch; closing settles every batch.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const workers = vi.hoisted(() => [] as Array<{ posted: Array<{ id: number; roots: string[] }>; emit(event: string, ...args: unknown[]): boolean; terminated: boolean }>);

vi.mock('node:worker_threads', async () => {
  const { EventEmitter } = await import('node:events');
  class StandInWorker extends EventEmitter {
    posted: Array<{ id: number; roots: string[] }> = [];
    terminated = false;
    constructor() {
      super();
      workers.push(this);
    }
    postMessage(message: { id: number; roots: string[] }): void {
      this.posted.push(message);
    }
    ref(): void {}
    unref(): void {}
    terminate(): Promise<number> {
      this.terminated = true;
      // As a real worker does: the exit event comes later, after the caller has moved on.
      setImmediate(() => this.emit('exit', 1));
      return Promise.resolve(1);
    }
  }
  return { Worker: StandInWorker };
});

const { TypeChecker } = await import('../../src/course/typecheck');

const answer = (worker: (typeof workers)[number], index: number, file: string) =>
  worker.emit('message', { id: worker.posted[index]!.id, diagnostics: [{ file, line: 1, column: 1, code: 2322, text: 'wrong' }], ms: 1 });

describe('the type checker after a batch times out', () => {
  beforeEach(() => {
    workers.length = 0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => vi.useRealTimers());

  it("checks each submission of the batch alone in a new worker, and the old worker's exit fails none of them", async () => {
    const checker = new TypeChecker({ baseTimeoutMs: 1000, perSubmissionMs: 0 });
    // While a first submission is checked, two more queue up and then go as one batch.
    const first = checker.check(['/s/amy/exercises/01/index.ts'], '/s/amy/');
    const slow = checker.check(['/s/ann/exercises/01/index.ts'], '/s/ann/');
    const quick = checker.check(['/s/bob/exercises/01/index.ts'], '/s/bob/');
    answer(workers[0]!, 0, '/s/amy/exercises/01/index.ts');
    expect(await first).toMatchObject({ diagnostics: [{ code: 2322 }] });
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted.map((m) => m.roots)[1]).toEqual(['/s/ann/exercises/01/index.ts', '/s/bob/exercises/01/index.ts']);

    vi.advanceTimersByTime(1001); // the batch of two is too slow
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted.map((m) => m.roots)).toEqual([['/s/ann/exercises/01/index.ts']]);

    await new Promise((r) => setImmediate(r)); // the stopped worker's exit event arrives
    let settled: unknown;
    void slow.then((report) => (settled = report));
    await Promise.resolve();
    expect(settled).toBeUndefined(); // still being checked by the new worker

    answer(workers[1]!, 0, '/s/ann/exercises/01/index.ts');
    expect(await slow).toEqual({ diagnostics: [{ file: '/s/ann/exercises/01/index.ts', line: 1, column: 1, code: 2322, text: 'wrong' }] });
    expect(workers[1]!.posted.map((m) => m.roots)).toEqual([['/s/ann/exercises/01/index.ts'], ['/s/bob/exercises/01/index.ts']]);
    answer(workers[1]!, 1, '/s/bob/exercises/01/index.ts');
    expect(await quick).toEqual({ diagnostics: [{ file: '/s/bob/exercises/01/index.ts', line: 1, column: 1, code: 2322, text: 'wrong' }] });
    await checker.close();
  });

  it('a submission that is too slow alone is left unchecked with a note, and the next one is checked', async () => {
    const checker = new TypeChecker({ baseTimeoutMs: 1000, perSubmissionMs: 0 });
    const slow = checker.check(['/s/ann/exercises/01/index.ts'], '/s/ann/');
    await Promise.resolve();
    const next = checker.check(['/s/bob/exercises/01/index.ts'], '/s/bob/');
    vi.advanceTimersByTime(1001);
    expect(await slow).toEqual({ gaveUp: 'type checking took too long and was skipped for this submission' });
    await new Promise((r) => setImmediate(r));
    answer(workers[1]!, 0, '/s/bob/exercises/01/index.ts');
    expect(await next).toMatchObject({ diagnostics: [{ code: 2322 }] });
    await checker.close();
  });

  it('a worker that throws fails its batch, and the next batch goes to a new worker, which its exit does not fail', async () => {
    const checker = new TypeChecker({ baseTimeoutMs: 1000, perSubmissionMs: 0 });
    const first = checker.check(['/s/ann/exercises/01/index.ts'], '/s/ann/');
    const next = checker.check(['/s/bob/exercises/01/index.ts'], '/s/bob/');
    workers[0]!.emit('error', new Error('out of memory'));
    expect(await first).toEqual({ gaveUp: 'the type checker failed: out of memory' });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted.map((m) => m.roots)).toEqual([['/s/bob/exercises/01/index.ts']]);
    workers[0]!.emit('exit', 1); // a worker that threw then exits
    answer(workers[1]!, 0, '/s/bob/exercises/01/index.ts');
    expect(await next).toMatchObject({ diagnostics: [{ code: 2322 }] });
    await checker.close();
  });

  it('closing with a batch in flight and one queued settles both (a grader stopped by Ctrl-C must not wait forever)', async () => {
    const checker = new TypeChecker({ baseTimeoutMs: 1000, perSubmissionMs: 0 });
    const inFlight = checker.check(['/s/ann/exercises/01/index.ts'], '/s/ann/');
    const queued = checker.check(['/s/bob/exercises/01/index.ts'], '/s/bob/');
    await checker.close(); // the stand-in's exit event comes after close() has forgotten the worker
    await new Promise((r) => setImmediate(r));
    const stopped = { gaveUp: 'the grader stopped before types were checked' };
    expect(await inFlight).toEqual(stopped);
    expect(await queued).toEqual(stopped);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('a worker that dies while checking fails only its own batch', async () => {
    const checker = new TypeChecker({ baseTimeoutMs: 1000, perSubmissionMs: 0 });
    const first = checker.check(['/s/ann/exercises/01/index.ts'], '/s/ann/');
    workers[0]!.emit('exit', 1);
    expect(await first).toEqual({ gaveUp: 'the type checker stopped' });
    const again = checker.check(['/s/bob/exercises/01/index.ts'], '/s/bob/');
    expect(workers).toHaveLength(2);
    answer(workers[1]!, 0, '/s/bob/exercises/01/index.ts');
    expect(await again).toMatchObject({ diagnostics: [{ code: 2322 }] });
    await checker.close();
  });
});
