import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';

import { runtimeCall } from './runtime-call.js';
import { submitAndInclude } from './submit-and-include.js';

type Tx = SubmittableExtrinsic<'promise'>;

/** An AdminUtils call if this runtime has it (they come and go between runtime versions). */
function adminCall(api: ApiPromise, name: string, ...args: unknown[]): Tx | undefined {
  const call = api.tx.adminUtils?.[name];
  return call ? call(...args) : undefined;
}

/** Dispatch the calls as root in one block: `sudo(utility.batchAll(...))` when the runtime has Utility. */
async function sudoAll(api: ApiPromise, sudo: KeyringPair, calls: Tx[]): Promise<void> {
  if (calls.length === 0) return;
  const sudoCall = runtimeCall(api, 'sudo', 'sudo');
  if (api.tx.utility?.batchAll) {
    await submitAndInclude(api, sudoCall(api.tx.utility.batchAll(calls)), sudo);
    return;
  }
  for (const call of calls) await submitAndInclude(api, sudoCall(call), sudo);
}

/**
 * Lift the limits that slow a dev chain down: chain-wide subnet-creation and transaction rate limits
 * (`netuid` undefined), or one subnet's registration and weight limits. Commitment rate limits stay as
 * they are so clients meet them as on mainnet.
 */
export async function relaxChainLimits(api: ApiPromise, sudo: KeyringPair, netuid?: number): Promise<void> {
  const calls =
    netuid === undefined
      ? [
          // Hyperparameter setters fail inside the admin freeze window; newer runtimes only.
          adminCall(api, 'sudoSetAdminFreezeWindow', 0),
          adminCall(api, 'sudoSetNetworkRateLimit', 0),
          adminCall(api, 'sudoSetTxRateLimit', 0),
        ]
      : [
          adminCall(api, 'sudoSetWeightsSetRateLimit', netuid, 0),
          adminCall(api, 'sudoSetCommitRevealWeightsEnabled', netuid, false),
          adminCall(api, 'sudoSetMaxRegistrationsPerBlock', netuid, 256),
          adminCall(api, 'sudoSetTargetRegistrationsPerInterval', netuid, 256),
          adminCall(api, 'sudoSetMinBurn', netuid, 0),
          adminCall(api, 'sudoSetServingRateLimit', netuid, 0),
        ];
  await sudoAll(
    api,
    sudo,
    calls.filter((call): call is Tx => call !== undefined),
  );
}
