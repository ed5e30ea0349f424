/** The reference engine: Float64Array tensors with reverse-mode autodiff. See README.md. */
export { type Shape, formatShape } from './shape.js';
export { Tensor, type Nested, type TensorOptions, type BackwardFn, fromOp } from './tensor.js';
export { add, sub, mul, div } from './ops-binary.js';
export { neg, scale, exp, log, square, sqrt } from './ops-unary.js';
export { sigmoid, tanh, relu, leakyRelu, elu, prelu } from './ops-activation.js';
export { matmul, transpose, frobeniusNorm } from './ops-linalg.js';
export { sum, mean } from './ops-reduce.js';
export { batchNorm } from './batchnorm.js';
export { bceWithLogits, bce } from './loss.js';
export { numericalGradient, relativeError } from './check.js';
export { mulberry32, randn, randomTensor } from './random.js';
export { type Activation, type DenseLayer, type MlpGradients, mlpGradients, batchNormGradients } from './mlp.js';
export { type ResidualGradients, residualGradients } from './residual.js';
export { type Init, type TrainConfig, type TrainResult, spirals, trainReference } from './training.js';
export { type DyingActivation, type DyingConfig, type DyingHistory, dyingToyProblem, trainDyingReference } from './dying.js';
