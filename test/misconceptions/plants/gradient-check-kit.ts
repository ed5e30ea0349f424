// A correct unit-03 gradient check written here (plain loops, not taken from solutions/), with each
// checker slip of lib/misconceptions/04-backprop-mlp.ts (checkBackward) planted in it; units
// 04 and 05's plants build their checkBackward / checkDeepBackward on it.
export type Vector = number[];
export type Slip = 'one-sided' | 'not-restored' | 'divides-by-h' | 'absolute' | 'norms';

const norm = (v: Vector) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));

/** gradientCheck(f, analytic, x) of unit 03, with one slip planted (or none). */
export function makeGradientCheck(slip?: Slip) {
  const numerical = (f: (x: Vector) => number, x: Vector): Vector => {
    const h = 1e-5;
    const probe = [...x];
    const fx = f([...x]);
    return x.map((xi, i) => {
      probe[i] = xi + h;
      const plus = f([...probe]);
      if (slip === 'one-sided') {
        probe[i] = xi;
        return (plus - fx) / h;
      }
      probe[i] = xi - h;
      const minus = f([...probe]);
      if (slip !== 'not-restored') probe[i] = xi;
      return (plus - minus) / (slip === 'divides-by-h' ? h : 2 * h);
    });
  };
  return (f: (x: Vector) => number, analytic: (x: Vector) => Vector, x: Vector) => {
    const a = analytic([...x]);
    const n = numerical(f, x);
    const diff = norm(a.map((t, i) => t - n[i]!));
    const error = slip === 'absolute' ? diff : slip === 'norms' ? Math.abs(norm(a) - norm(n)) / (norm(a) + norm(n)) : norm(a) + norm(n) === 0 ? 0 : diff / (norm(a) + norm(n));
    return { error, ok: error < 1e-7 };
  };
}

export const checkerSlips: Slip[] = ['one-sided', 'not-restored', 'divides-by-h', 'absolute', 'norms'];
