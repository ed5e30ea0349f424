// A correct unit 03 written here (not taken from solutions/), and each catalogued slip planted in it.
export type Vec = number[];
export type Scalar = (x: Vec) => number;
export type Differencer = (f: Scalar, x: Vec, h?: number) => Vec;

// An independent, correct module (not imported from solutions/), built from swappable parts.
export const centred: Differencer = (f, x, h = 1e-5) => {
  const probe = x.slice();
  const out: Vec = [];
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i]! + h;
    const up = f(probe);
    probe[i] = x[i]! - h;
    const down = f(probe);
    probe[i] = x[i]!;
    out.push((up - down) / (2 * h));
  }
  return out;
};

export const length = (v: Vec) => Math.hypot(...v);
export const toVec = (v: number | Vec) => (Array.isArray(v) ? v : [v]);
function correctRelativeError(a: number | Vec, b: number | Vec): number {
  const [va, vb] = [toVec(a), toVec(b)];
  if (va.length !== vb.length) throw new Error(`lengths differ: ${va.length} vs ${vb.length}`);
  const denominator = length(va) + length(vb);
  return denominator === 0 ? 0 : length(va.map((v, i) => v - vb[i]!)) / denominator;
}

export function moduleWith(numericalGradient: Differencer, relativeError = correctRelativeError) {
  return {
    numericalGradient,
    relativeError,
    gradientCheck: (f: Scalar, analyticGrad: (x: Vec) => Vec, x: Vec) => {
      const error = relativeError(analyticGrad(x.slice()), numericalGradient(f, x));
      return { error, ok: error < 1e-7 };
    },
  };
}

export const correct = moduleWith(centred);

const oneSided = (direction: 1 | -1): Differencer => (f, x, h = 1e-5) => {
  const fx = f(x.slice());
  return x.map((xi, i) => {
    const probe = x.slice();
    probe[i] = xi + direction * h;
    return (direction * (f(probe) - fx)) / h;
  });
};
const unrestored: Differencer = (f, x, h = 1e-5) => {
  const probe = x.slice();
  return x.map((xi, i) => {
    probe[i] = xi + h;
    const up = f(probe);
    probe[i] = xi - h;
    return (up - f(probe)) / (2 * h);
  });
};
const diff = (a: number | Vec, b: number | Vec) => length(toVec(a).map((v, i) => v - toVec(b)[i]!));
const checked = (relativeError: (a: number | Vec, b: number | Vec) => number) => (a: number | Vec, b: number | Vec) => {
  if (toVec(a).length !== toVec(b).length) throw new Error(`lengths differ: ${toVec(a).length} vs ${toVec(b).length}`);
  return relativeError(a, b);
};
const withCheck = (gradientCheck: ReturnType<typeof moduleWith>['gradientCheck']) => ({ ...correct, gradientCheck });

export const plants: Record<string, ReturnType<typeof moduleWith>> = {
  'numericalGradient/one-sided-forward': moduleWith(oneSided(1)),
  'numericalGradient/one-sided-backward': moduleWith(oneSided(-1)),
  'numericalGradient/divides-by-h': moduleWith((f, x, h) => centred(f, x, h).map((g) => 2 * g)),
  'numericalGradient/sign-flipped': moduleWith((f, x, h) => centred(f, x, h).map((g) => -g)),
  'numericalGradient/not-restored': moduleWith(unrestored),
  'numericalGradient/h-ignored': moduleWith((f, x) => centred(f, x, 1e-5)),
  'relativeError/absolute': moduleWith(centred, checked(diff)),
  'relativeError/by-b-only': moduleWith(centred, checked((a, b) => diff(a, b) / length(toVec(b)))),
  'relativeError/by-max': moduleWith(centred, checked((a, b) => diff(a, b) / Math.max(length(toVec(a)), length(toVec(b))))),
  'relativeError/squared-norms': moduleWith(centred, checked((a, b) => diff(a, b) ** 2 / (length(toVec(a)) ** 2 + length(toVec(b)) ** 2))),
  'relativeError/no-absolute-values': moduleWith(centred, checked((a, b) => (typeof a === 'number' && typeof b === 'number' ? (a === 0 && b === 0 ? 0 : (a - b) / (a + b)) : correctRelativeError(a, b)))),
  'relativeError/zeros-nan': moduleWith(centred, checked((a, b) => diff(a, b) / (length(toVec(a)) + length(toVec(b))))),
  'gradientCheckError/one-sided': withCheck((f, analyticGrad, x) => {
    const error = correctRelativeError(analyticGrad(x.slice()), oneSided(1)(f, x));
    return { error, ok: error < 1e-7 };
  }),
  'gradientCheckError/absolute': withCheck((f, analyticGrad, x) => {
    const error = diff(analyticGrad(x.slice()), centred(f, x));
    return { error, ok: error < 1e-7 };
  }),
};
