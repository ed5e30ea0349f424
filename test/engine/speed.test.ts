// A loose guard against accidental slowdowns (the real comparison lives in bench/):
// forward + backward of a 4-layer ReLU MLP, width 256, batch 128. Takes ~50 ms on a laptop core.
import { describe, expect, it } from 'vitest';
import { Tensor, add, bceWithLogits, matmul, mulberry32, randomTensor, relu } from '../../grader/engine/index.js';

describe('speed', () => {
  it('4-layer MLP (256 wide, batch 128) forward + backward well under a second', () => {
    const rng = mulberry32(1);
    const X = randomTensor([128, 256], rng);
    const Y = Tensor.from(Array.from({ length: 128 }, (_, i) => i % 2));
    const dims = [256, 256, 256, 256, 1];
    const Ws = dims.slice(1).map((n, l) => randomTensor([dims[l]!, n], rng, { requiresGrad: true, scale: Math.sqrt(2 / dims[l]!) }));
    const bs = dims.slice(1).map((n) => Tensor.zeros([n], { requiresGrad: true }));
    const step = () => {
      let a = X;
      Ws.forEach((W, l) => {
        const z = add(matmul(a, W), bs[l]!);
        a = l < Ws.length - 1 ? relu(z) : z;
      });
      bceWithLogits(a, Y).backward();
    };
    step(); // warm-up (JIT)
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) step();
    const ms = (performance.now() - t0) / 3;
    expect(Ws[0]!.grad!.every(Number.isFinite)).toBe(true);
    expect(ms).toBeLessThan(1000);
  });
});
