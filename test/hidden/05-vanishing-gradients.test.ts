import * as impl from '@impl/05-vanishing-gradients';
import { registerChecks } from '../support/register';
import { checks } from './05-vanishing-gradients.checks';

registerChecks('05-vanishing-gradients', checks, impl);
