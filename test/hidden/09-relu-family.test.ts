import * as impl from '@impl/09-relu-family';
import { registerChecks } from '../support/register';
import { checks } from './09-relu-family.checks';

registerChecks('09-relu-family', checks, impl);
