import * as impl from '@impl/03-gradient-check';
import { registerChecks } from '../support/register';
import { checks } from './03-gradient-check.checks';

registerChecks('03-gradient-check', checks, impl);
