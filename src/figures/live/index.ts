/**
 * Every live figure, by id. A lesson shows one with `<div class="live-figure" data-live="<id>"></div>`
 * on a line of its own; the site builds its controls and first drawing, and the page script redraws it.
 */
import { live as l01 } from './01-sigmoid';
import { live as l02 } from './02-chain-rule';
import { live as l04 } from './04-backprop-mlp';
import { live as l05 } from './05-vanishing-gradients';
import { live as l06 } from './06-exploding-gradients';
import { live as l07 } from './07-weight-init';
import { live as l08 } from './08-batch-norm';
import { live as l09 } from './09-relu-family';
import { live as l10 } from './10-gradient-clipping';
import { live as l11 } from './11-residual-connections';
import { live as l12 } from './12-deep-training';
import type { LiveFigure } from './types';

export const liveFigures: LiveFigure[] = [...l01, ...l02, ...l04, ...l05, ...l06, ...l07, ...l08, ...l09, ...l10, ...l11, ...l12];
export const liveFigure = (id: string): LiveFigure | undefined => liveFigures.find((f) => f.id === id);
