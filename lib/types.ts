/** A column of numbers. */
export type Vector = number[];
/** Row-major matrix. In this course rows are examples: a batch X is m × n_in. */
export type Matrix = number[][];
/** A source of uniform random numbers in [0, 1). */
export type Rng = () => number;
/** A hidden layer's activation g, as units 04, 05, 11 and 12 use it. leakyRelu has slope 0.01 for z < 0; at z = 0 every g' takes its left-hand value. */
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';
