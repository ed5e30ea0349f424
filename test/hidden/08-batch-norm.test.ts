import * as impl from '@impl/08-batch-norm';
import { registerChecks } from '../support/register';
import { checks } from './08-batch-norm.checks';

registerChecks('08-batch-norm', checks, impl);
