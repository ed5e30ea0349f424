import { vi } from 'vitest';
import * as impl from '@impl/12-deep-training';
import { registerChecks } from '../support/register';
import { checks } from './12-deep-training.checks';

// Each training check runs a few 20-layer nets (about 0.3 s of CPU each); a loaded machine needs more than vitest's 5 s.
vi.setConfig({ testTimeout: 60_000 });
registerChecks('12-deep-training', checks, impl);
