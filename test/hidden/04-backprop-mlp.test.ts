import * as impl from '@impl/04-backprop-mlp';
import { registerChecks } from '../support/register';
import { checks } from './04-backprop-mlp.checks';

registerChecks('04-backprop-mlp', checks, impl);
