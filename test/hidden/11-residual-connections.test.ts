import * as impl from '@impl/11-residual-connections';
import { registerChecks } from '../support/register';
import { checks } from './11-residual-connections.checks';

registerChecks('11-residual-connections', checks, impl);
