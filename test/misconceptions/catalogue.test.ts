// The wrong values a catalogue lists for the public fixtures (what `npm test` recognises a slip by
// when it cannot compute it) must be exactly what the hidden suite's oracle computes on the same
// fixture, so the learner's side and the grader's side recognise a slip from the same numbers.
import { describe, expect, test } from 'vitest';
import { isClose } from '../../lib/compare';
import * as catalogue04 from '../../lib/misconceptions/04-backprop-mlp';
import { fixture as fixture04, slipValues as slipValues04 } from '../../grader/checks/04-backprop-mlp.checks';
import * as catalogue08 from '../../lib/misconceptions/08-batch-norm';
import { slipValuesOnFixture as slipValues08 } from '../../grader/checks/08-batch-norm.checks';
import * as catalogue11 from '../../lib/misconceptions/11-residual-connections';
import { fixture as fixture11, slipValues as slipValues11 } from '../../grader/checks/11-residual-connections.checks';
import * as catalogue12 from '../../lib/misconceptions/12-deep-training';
import { bnFixtureRuns as slipValues12 } from '../../grader/checks/12-deep-training.checks';

describe('catalogue fixture tables agree with the hidden oracles', () => {
  test("11: the skip inside g and the skip left out of the backward pass, on the exercise's 2-block tanh net", () => {
    const oracle = slipValues11(fixture11, 'tanh');
    const listed = catalogue11.onTheFixture;
    expect(isClose(listed.loss['skip-inside'], oracle.loss['skip-inside'], { rtol: 1e-10, atol: 1e-14 })).toBe(true);
    expect(listed.grads.length).toBe(oracle.grads.length);
    oracle.grads.forEach((layer, l) => {
      for (const field of ['dW', 'db'] as const) {
        expect(Object.keys(listed.grads[l]![field]).sort(), `grads[${l}].${field}`).toEqual(Object.keys(layer[field]).sort());
        for (const [id, value] of Object.entries(layer[field])) expect(isClose(listed.grads[l]![field][id], value, { rtol: 1e-10, atol: 1e-14 }), `grads[${l}].${field} ${id}`).toBe(true);
      }
    });
  });

  test("12: batch norm's dγ/dβ without the 1/m, on the public test's batch-norm fixture", () => {
    const oracle = slipValues12().slips;
    expect(Object.keys(catalogue12.onTheFixture).sort()).toEqual(Object.keys(oracle).sort());
    for (const [id, value] of Object.entries(oracle)) expect(isClose(catalogue12.onTheFixture[id], value, { rtol: 1e-10, atol: 1e-14 }), id).toBe(true);
  });

  test("04: every wrong gradient listed for the lesson's fixture", () => {
    for (const hidden of ['sigmoid', 'tanh', 'relu', 'leakyRelu'] as const) {
      const oracle = slipValues04(fixture04, hidden);
      const listed = catalogue04.onTheFixture[hidden];
      expect(Object.keys(listed).sort()).toEqual(Object.keys(oracle).sort());
      for (const [id, byField] of Object.entries(oracle)) {
        for (const [field, value] of Object.entries(byField ?? {})) {
          const shipped = listed[id]?.[field as catalogue04.GradName];
          if (value === undefined) expect(shipped, `${hidden} ${id} ${field}`).toBeUndefined();
          else expect(isClose(shipped, value, { rtol: 1e-10, atol: 1e-14 }), `${hidden} ${id} ${field}`).toBe(true);
        }
      }
    }
  });

  test("08: every wrong output listed for the course's fixture", () => {
    const oracle = slipValues08();
    const listed = catalogue08.onTheFixture;
    const pairs: [string, Partial<Record<string, unknown>>, Partial<Record<string, unknown>>][] = [
      ['trainingOut', listed.trainingOut, oracle.trainingOut],
      ['evalOut', listed.evalOut, oracle.evalOut],
      ['evalState.runningMean', listed.evalState.runningMean, oracle.evalState.runningMean],
      ['evalState.runningVar', listed.evalState.runningVar, oracle.evalState.runningVar],
      ['dX', listed.dX, oracle.dX],
      ...Object.keys({ ...oracle.staged, ...listed.staged }).map((id): [string, Partial<Record<string, unknown>>, Partial<Record<string, unknown>>] => [`staged ${id}`, listed.staged[id] ?? {}, oracle.staged[id] ?? {}]),
    ];
    for (const [what, shipped, computed] of pairs) {
      expect(Object.keys(shipped).sort(), what).toEqual(Object.keys(computed).sort());
      for (const [id, value] of Object.entries(computed)) expect(isClose(shipped[id], value as number[][], { rtol: 1e-10, atol: 1e-12 }), `${what} ${id}`).toBe(true);
    }
  });
});
