/** The reference engine: Float64Array tensors with reverse-mode autodiff. See README.md. */
export { type Shape, formatShape } from './shape.js';
export { Tensor, type Nested, type TensorOptions, type BackwardFn, fromOp } from './tensor.js';
export { add, sub, mul, div } from './ops-binary.js';
export { neg, scale, exp, log, square, sqrt } from './ops-unary.js';
export { sigmoid, tanh, relu, leakyRelu, elu, prelu } from './ops-activation.js';
export { matmul, transpose, frobeniusNorm } from './ops-linalg.js';
export { sum, mean } from './ops-reduce.js';
export { batchNorm } from './batchnorm.js';
export { type BatchNormStageGradients, batchNormStages } from './batchnorm-staged.js';
export { bceWithLogits, bce } from './loss.js';
export { numericalGradient, relativeError } from './check.js';
export { mulberry32, randn, randomTensor } from './random.js';
export { type Activation, type DenseLayer, type MlpGradients, mlpGradients, batchNormGradients } from './mlp.js';
export { type ResidualGradients, residualGradients } from './residual.js';
export { type Init, type StepGradients, type TrainConfig, type TrainHooks, type TrainResult, spirals, trainReference } from './training.js';
export { type DepthActivation, type DepthStats, type InitFn, type TwoLayerParams, activationStatsReference, trainTwoLayerReference, hiddenUnitSpreadReference } from './init-experiments.js';
export { type ClipProblem, type ClipRunOptions, type ClipRun, chainClipProblem, chainWeights, linearNetClipProblem, globalNorm, clipGlobalNormReference, clipValueReference, trainClipped } from './clipping.js';
export { type ParameterCheck, layerGradientChecks, mlpLoss } from './gradient-check-layers.js';
