import * as impl from '@impl/10-gradient-clipping';
import { registerChecks } from '../support/register';
import { checks } from './10-gradient-clipping.checks';

registerChecks('10-gradient-clipping', checks, impl);
