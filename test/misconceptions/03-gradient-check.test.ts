// Each misconception the lesson names for unit 03, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/03-gradient-check.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';

import { centred, correct, length, moduleWith, plants, toVec, type Differencer, type Scalar, type Vec } from './plants/03-gradient-check';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/03-gradient-check';

namedOnBothSides({ slug: '03-gradient-check', catalogue, checks, plantsModule: new URL('./plants/03-gradient-check.ts', import.meta.url).pathname, correct, plants });

const link = (anchor: string) => `lessons/03-gradient-check.md#${anchor}`;
const knownCheck = checkNamed(checks, 'numericalGradient matches hand-written gradients of Σx², log Σ eˣ and the logistic loss');
const hCheck = checkNamed(checks, 'numericalGradient uses its h and is centred: Σx³ with h = 0.1 and 0.01 gives exactly 3x² + h²');
const passCheck = checkNamed(checks, 'gradientCheck passes correct gradients of Σx², Rosenbrock, log Σ eˣ and the mathjs expression');

describe('03-gradient-check misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('one-sided differences (error O(h), not O(h²)) are named in numericalGradient and in gradientCheck', () => {
    const forward: Differencer = (f, x, h = 1e-5) => {
      const fx = f(x.slice());
      return x.map((xi, i) => {
        const probe = x.slice();
        probe[i] = xi + h;
        return (f(probe) - fx) / h;
      });
    };
    const planted = moduleWith(forward);
    for (const check of [knownCheck, hCheck]) {
      const message = feedbackOf(check, planted);
      expect(message).toContain('It looks like a one-sided difference (f(x+h) − f(x))/h instead of a centred one');
      expect(message).toContain('error O(h)');
      expect(message).toContain(link('one-sided-differences'));
    }
    const checkMessage = feedbackOf(passCheck, planted);
    expect(checkMessage).toContain('It looks like a one-sided difference inside the check');
    expect(checkMessage).toContain(link('one-sided-differences'));
  });

  test('a backward one-sided difference is named too', () => {
    const backward: Differencer = (f, x, h = 1e-5) => {
      const fx = f(x.slice());
      return x.map((xi, i) => {
        const probe = x.slice();
        probe[i] = xi - h;
        return (fx - f(probe)) / h;
      });
    };
    expect(feedbackOf(hCheck, moduleWith(backward))).toContain('It looks like a one-sided difference (f(x) − f(x−h))/h');
  });

  test('dividing by h instead of 2h', () => {
    const doubled: Differencer = (f, x, h = 1e-5) => centred(f, x, h).map((g) => 2 * g);
    const message = feedbackOf(knownCheck, moduleWith(doubled));
    expect(message).toContain('It looks like dividing by h instead of 2h');
    expect(message).toContain(link('dividing-by-h-instead-of-2h'));
  });

  test('not putting x_i back after probing it', () => {
    const sloppy: Differencer = (f, x, h = 1e-5) => {
      const probe = x.slice();
      return x.map((xi, i) => {
        probe[i] = xi + h;
        const up = f(probe);
        probe[i] = xi - h;
        return (up - f(probe)) / (2 * h);
      });
    };
    const message = feedbackOf(checkNamed(checks, 'numericalGradient matches the hand-written gradient of Rosenbrock (coordinates interact)'), moduleWith(sloppy));
    expect(message).toContain('It looks like x_i not put back after probing it');
    expect(message).toContain(link('forgetting-to-put-x-back'));
  });

  test("probing the caller's x changes it", () => {
    const inPlace: Differencer = (f, x, h = 1e-5) =>
      x.map((_, i) => {
        x[i]! += h;
        const up = f(x);
        x[i]! -= 2 * h;
        const down = f(x);
        x[i]! += h; // round-off: x[i] does not always come back to the same double
        return (up - down) / (2 * h);
      });
    const message = feedbackOf(checkNamed(checks, 'numericalGradient leaves x unchanged and returns a new array of its length'), moduleWith(inPlace));
    expect(message).toContain('changed its input x');
  });

  test('ignoring the h argument', () => {
    const fixedStep: Differencer = (f, x) => centred(f, x, 1e-5);
    expect(feedbackOf(hCheck, moduleWith(fixedStep))).toContain('It looks like the h argument is ignored');
  });

  test('absolute error instead of relative error, and NaN for two zeros', () => {
    const absolute = (a: number | Vec, b: number | Vec) => {
      const [va, vb] = [toVec(a), toVec(b)];
      return length(va.map((v, i) => v - vb[i]!));
    };
    const vectorCheck = checkNamed(checks, "relativeError of two Vectors matches the reference engine's on 100 random pairs");
    const message = feedbackOf(vectorCheck, moduleWith(centred, absolute));
    expect(message).toContain('It looks like the absolute error ‖a − b‖ instead of the relative error');
    expect(message).toContain(link('absolute-instead-of-relative-error'));

    const noGuard = (a: number | Vec, b: number | Vec) => {
      const [va, vb] = [toVec(a), toVec(b)];
      return length(va.map((v, i) => v - vb[i]!)) / (length(va) + length(vb));
    };
    const edges = checkNamed(checks, 'relativeError edge cases: zeros give 0 (not NaN), a against 0 gives 1, and different lengths throw naming both');
    expect(feedbackOf(edges, moduleWith(centred, noGuard))).toContain('It looks like 0/0 = NaN when both inputs are zero');
  });

  test('dividing by one norm only, or by the max', () => {
    const byB = (a: number | Vec, b: number | Vec) => {
      const [va, vb] = [toVec(a), toVec(b)];
      return length(va.map((v, i) => v - vb[i]!)) / length(vb);
    };
    const numbers = checkNamed(checks, 'relativeError of two numbers is |a − b| / (|a| + |b|) on 100 random pairs');
    expect(feedbackOf(numbers, moduleWith(centred, byB))).toContain('It looks like dividing by ‖b‖ only');
    const byMax = (a: number | Vec, b: number | Vec) => {
      const [va, vb] = [toVec(a), toVec(b)];
      return length(va.map((v, i) => v - vb[i]!)) / Math.max(length(va), length(vb));
    };
    expect(feedbackOf(numbers, moduleWith(centred, byMax))).toContain('It looks like dividing by max(‖a‖, ‖b‖)');
  });

  test('a gradientCheck that ignores the threshold, or always says ok, is caught', () => {
    const alwaysOk = { ...correct, gradientCheck: (f: Scalar, g: (x: Vec) => Vec, x: Vec) => ({ ...correct.gradientCheck(f, g, x), ok: true }) };
    const wrong = checkNamed(checks, 'gradientCheck catches deliberately wrong gradients (a lost factor 2, a flipped sign, a dropped term, a 1e-4 slip)');
    expect(feedbackOf(wrong, alwaysOk)).toContain('but the gradient is wrong');
    const loose = { ...correct, gradientCheck: (f: Scalar, g: (x: Vec) => Vec, x: Vec) => {
      const { error } = correct.gradientCheck(f, g, x);
      return { error, ok: error < 1e-6 };
    } };
    const threshold = checkNamed(checks, 'gradientCheck: ok is exactly error < 1e-7 (gradients 1e-7 and 4e-7 off in relative terms)');
    expect(feedbackOf(threshold, loose)).toContain('ok means error < 1e-7');
  });

  test('a missing export is reported by name', () => {
    const { gradientCheck: _omitted, ...partial } = correct;
    expect(feedbackOf(passCheck, partial)).toContain('must export a function named `gradientCheck`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = moduleWith(() => { throw new Error('TODO: write numericalGradient(f, x, h)'); });
    expect(feedbackOf(knownCheck, stub)).toMatch(/^numericalGradient\(.*\) is not written yet: TODO/);
  });
});
