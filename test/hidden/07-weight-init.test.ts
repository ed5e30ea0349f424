import * as impl from '@impl/07-weight-init';
import { registerChecks } from '../support/register';
import { checks } from './07-weight-init.checks';

registerChecks('07-weight-init', checks, impl);
