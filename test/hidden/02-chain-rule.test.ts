import * as impl from '@impl/02-chain-rule';
import { registerChecks } from '../support/register';
import { checks } from './02-chain-rule.checks';

registerChecks('02-chain-rule', checks, impl);
