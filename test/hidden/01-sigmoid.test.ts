import * as impl from '@impl/01-sigmoid';
import { registerChecks } from '../support/register';
import { checks } from './01-sigmoid.checks';

registerChecks('01-sigmoid', checks, impl);
