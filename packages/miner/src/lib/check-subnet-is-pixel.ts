import { getSubnetIdentity, networkName, sampleModelMetadata } from '@pixel/chain';
import { UnrecognisedSubnetError } from '../errors.js';
import type { MinerConfig, SubnetRecognition } from '../types/public.js';
import { classifySubnet } from './classify-subnet.js';

/** Commitments read to judge a subnet by: enough for a majority, one page of a node's answer. */
const SAMPLED_COMMITMENTS = 64;

/**
 * Whether the subnet `config` names looks like a pixel competition (`classifySubnet`: its on-chain identity, else
 * at most 64 of its commitments), checked before anything is written to it or read from it as pixel models. A
 * subnet that is recognisably another project is refused for a `write` (an `UnrecognisedSubnetError`, exit code
 * 2: nothing is uploaded or committed) unless `allowUnrecognisedSubnet`, and warned about (`warn`, else `log`)
 * for a `read`; allowed, it is only logged (`log`). One with no identity and no commitments is warned about and
 * passes (a new pixel subnet looks like that).
 */
export async function checkSubnetIsPixel(
  config: Pick<MinerConfig, 'subtensor' | 'netuid' | 'allowUnrecognisedSubnet' | 'warn' | 'log'>,
  purpose: 'write' | 'read',
): Promise<SubnetRecognition> {
  const { subtensor, netuid, allowUnrecognisedSubnet } = config;
  const [identity, sample] = await Promise.all([
    getSubnetIdentity(subtensor, netuid),
    sampleModelMetadata(subtensor, netuid, SAMPLED_COMMITMENTS),
  ]);
  const recognition = classifySubnet(identity, sample);
  const subject = `netuid ${netuid} on ${networkName(subtensor.endpoint)}`;
  const warn = config.warn ?? config.log ?? (() => undefined);
  if (recognition.verdict === 'unknown') {
    warn(
      `${subject} ${recognition.summary}, so nothing says it is a pixel competition; going on. ` +
        'If it is not the subnet you meant, check --netuid and --subtensor.network.',
    );
  } else if (recognition.verdict === 'foreign') {
    if (purpose === 'write' && !allowUnrecognisedSubnet) {
      throw new UnrecognisedSubnetError(netuid, recognition, subject);
    }
    const notPixel = `${subject} ${recognition.summary}: not a pixel competition`;
    if (allowUnrecognisedSubnet) {
      (config.log ?? warn)(
        `${notPixel}; going on, as unrecognised subnets are allowed (--allow-unrecognised-subnet).`,
      );
    } else {
      warn(
        `${notPixel}, so its commitments are unlikely to be pixel models. Check --netuid and --subtensor.network.`,
      );
    }
  }
  return recognition;
}
