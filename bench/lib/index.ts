export { type Stats, type CompareOptions, stats, timeOnce, compare, formatMs, formatRatio, printComparison } from './timing.js';
export { machine, isMain } from './machine.js';
