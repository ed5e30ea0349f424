/**
 * Hidden checks for unit 01. Expected values come from mathjs's symbolic derivative and the
 * reference engine's autodiff, never from solutions/.
 */
import { derivative } from 'mathjs';
import { Tensor, sigmoid as engineSigmoid } from '../engine/index';
import { seededRng } from '../../lib/random';
import { attempt, Feedback } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/01-sigmoid';
import { expectAnswer, exported, type HiddenCheck, type UnitModule } from './helpers';
import { oracleFunction } from './support/oracle';

const slug = '01-sigmoid';
type Scalar = (z: number) => number;

const symbolicSigmoidPrime = derivative('1 / (1 + exp(-z))', 'z').compile();
const symbolicTanhPrime = derivative('tanh(z)', 'z').compile();
// Oracles (grader/checks/support/oracle.ts): the grader computes each value once per class.
const mathjsSigmoidPrime = oracleFunction('mathjsSigmoidPrime', (z: number): number => symbolicSigmoidPrime.evaluate({ z }) as number);
const mathjsTanhPrime = oracleFunction('mathjsTanhPrime', (z: number): number => symbolicTanhPrime.evaluate({ z }) as number);

/** σ and σ' from the engine: forward value and the gradient its backward pass gives. */
const engineSigmoidAt = oracleFunction('engineSigmoidAt', (z: number): { value: number; slope: number } => {
  const x = Tensor.param(z);
  const y = engineSigmoid(x);
  y.backward();
  return { value: y.item(), slope: x.grad![0]! };
});

/** Points spread over [-range, range], seeded so a failure is reproducible. */
function samplePoints(count: number, range: number, seed: number): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, () => (2 * rng() - 1) * range);
}

export const checks: HiddenCheck[] = [
  {
    name: 'sigmoid matches the reference engine at 200 random points in [-30, 30]',
    run(impl: UnitModule) {
      const sigmoid = exported<Scalar>(impl, 'sigmoid', slug);
      for (const z of samplePoints(200, 30, 101)) {
        expectAnswer(() => sigmoid(z), {
          call: `sigmoid(${z})`,
          expected: engineSigmoidAt(z).value,
          lesson: `${slug}#the-sigmoid`,
          rtol: 1e-9,
          atol: 1e-15,
          misconceptions: bind(catalogue.sigmoid, { z, right: engineSigmoidAt(z).value }),
        });
      }
    },
  },
  {
    name: 'sigmoid is stable far from zero: ±1000, ±745, ±710',
    run(impl) {
      const sigmoid = exported<Scalar>(impl, 'sigmoid', slug);
      const lesson = `${slug}#computing-it-without-overflow`;
      for (const z of [1000, 745, 710, -710, -745, -1000]) {
        expectAnswer(() => sigmoid(z), {
          call: `sigmoid(${z})`,
          expected: z > 0 ? 1 : 0,
          lesson,
          atol: 1e-300,
          rtol: 0,
          misconceptions: bind(catalogue.sigmoid, { z, right: z > 0 ? 1 : 0 }),
        });
      }
    },
  },
  {
    name: "sigmoidPrime matches mathjs's symbolic derivative at 200 random points in [-20, 20]",
    run(impl) {
      const sigmoidPrime = exported<Scalar>(impl, 'sigmoidPrime', slug);
      for (const z of samplePoints(200, 20, 202)) {
        expectAnswer(() => sigmoidPrime(z), {
          call: `sigmoidPrime(${z})`,
          expected: mathjsSigmoidPrime(z),
          lesson: `${slug}#the-derivative`,
          rtol: 1e-6,
          atol: 1e-15,
          misconceptions: bind(catalogue.sigmoidPrime, { z, right: mathjsSigmoidPrime(z) }),
        });
      }
    },
  },
  {
    name: "sigmoidPrime agrees with the engine's autodiff at the points of the lesson's table (0, 2, 5, 10)",
    run(impl) {
      const sigmoidPrime = exported<Scalar>(impl, 'sigmoidPrime', slug);
      for (const z of [0, 2, 5, 10, -2, -5, -10]) {
        expectAnswer(() => sigmoidPrime(z), {
          call: `sigmoidPrime(${z})`,
          expected: engineSigmoidAt(z).slope,
          lesson: `${slug}#saturation`,
          rtol: 1e-7,
          misconceptions: bind(catalogue.sigmoidPrime, { z, right: engineSigmoidAt(z).slope }),
        });
      }
    },
  },
  {
    name: 'sigmoidPrime is 0, not NaN, at ±1000 and ±800',
    run(impl) {
      const sigmoidPrime = exported<Scalar>(impl, 'sigmoidPrime', slug);
      for (const z of [1000, 800, -800, -1000]) {
        expectAnswer(() => sigmoidPrime(z), {
          call: `sigmoidPrime(${z})`,
          expected: 0,
          lesson: `${slug}#computing-it-without-overflow`,
          atol: 1e-300,
          rtol: 0,
          misconceptions: bind(catalogue.sigmoidPrime, { z, right: 0 }),
        });
      }
    },
  },
  {
    name: "sigmoidPrime is symmetric, σ'(z) = σ'(−z), at 100 random points",
    run(impl) {
      const sigmoidPrime = exported<Scalar>(impl, 'sigmoidPrime', slug);
      for (const z of samplePoints(100, 20, 303)) {
        const right = attempt(() => sigmoidPrime(Math.abs(z)), { call: `sigmoidPrime(${Math.abs(z)})`, lesson: `${slug}#the-derivative` });
        expectAnswer(() => sigmoidPrime(-Math.abs(z)), {
          // The expected value is the learner's own σ' at +|z|: say so, rather than call it "the right value".
          call: `sigmoidPrime(${-Math.abs(z)})`,
          expected: right,
          expectedIs: `but σ' is symmetric and sigmoidPrime(${Math.abs(z)}) returned`,
          lesson: `${slug}#the-derivative`,
          rtol: 1e-6,
          atol: 1e-15,
        });
      }
    },
  },
  {
    name: "sigmoidPrime peaks at z = 0 with value 0.25",
    run(impl) {
      const sigmoidPrime = exported<Scalar>(impl, 'sigmoidPrime', slug);
      expectAnswer(() => sigmoidPrime(0), {
        call: 'sigmoidPrime(0)',
        expected: 0.25,
        lesson: `${slug}#saturation`,
        misconceptions: bind(catalogue.sigmoidPrime, { z: 0, right: 0.25 }),
      });
      for (const z of samplePoints(100, 10, 404)) {
        const value = attempt(() => sigmoidPrime(z), { call: `sigmoidPrime(${z})`, lesson: `${slug}#saturation` });
        if (!(value < 0.25 && value > 0)) {
          throw new Feedback(`sigmoidPrime(${z}) returned ${value}; σ' lies strictly between 0 and its peak 0.25 away from z = 0.`, `${slug}#saturation`);
        }
      }
    },
  },
  {
    name: "tanhPrime matches mathjs's symbolic derivative at 200 random points in [-10, 10]",
    run(impl) {
      const tanhPrime = exported<Scalar>(impl, 'tanhPrime', slug);
      const lesson = `${slug}#tanh-saturates-too`;
      for (const z of samplePoints(200, 10, 505)) {
        expectAnswer(() => tanhPrime(z), {
          call: `tanhPrime(${z})`,
          expected: mathjsTanhPrime(z),
          lesson,
          rtol: 1e-6,
          atol: 1e-15,
          misconceptions: bind(catalogue.tanhPrime, { z, right: mathjsTanhPrime(z) }),
        });
      }
    },
  },
  {
    name: "tanhPrime is 0, not NaN, at ±1000; and tanh'(z) = 4·σ'(2z)",
    run(impl) {
      const tanhPrime = exported<Scalar>(impl, 'tanhPrime', slug);
      const lesson = `${slug}#tanh-saturates-too`;
      for (const z of [1000, -1000]) {
        expectAnswer(() => tanhPrime(z), { call: `tanhPrime(${z})`, expected: 0, lesson, atol: 1e-300, rtol: 0, misconceptions: bind(catalogue.tanhPrime, { z, right: 0 }) });
      }
      for (const z of samplePoints(20, 5, 606)) {
        expectAnswer(() => tanhPrime(z), { call: `tanhPrime(${z})`, expected: 4 * engineSigmoidAt(2 * z).slope, lesson, rtol: 1e-7, misconceptions: bind(catalogue.tanhPrime, { z, right: 4 * engineSigmoidAt(2 * z).slope }) });
      }
    },
  },
];
