import * as impl from '@impl/06-exploding-gradients';
import { registerChecks } from '../support/register';
import { checks } from './06-exploding-gradients.checks';

registerChecks('06-exploding-gradients', checks, impl);
