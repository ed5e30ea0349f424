/** A column of numbers. */
export type Vector = number[];
/** Row-major matrix. In this course rows are examples: a batch X is m × n_in. */
export type Matrix = number[][];
/** A source of uniform random numbers in [0, 1). */
export type Rng = () => number;
