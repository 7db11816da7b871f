import { keyfilePasswordEnvEntry } from './keyfile-password-env-entry.js';
import { keyfilePasswordEnvVar } from './keyfile-password-env-var.js';
import { readKeyfilePasswordFromEnv } from './read-keyfile-password-from-env.js';

describe('btwallet password env variables', () => {
  it('names the variable BT_PW_ + the upper-cased keyfile path with / and . as _', () => {
    expect(keyfilePasswordEnvVar('/home/me/.bittensor/wallets/default/coldkey')).toBe(
      'BT_PW__HOME_ME__BITTENSOR_WALLETS_DEFAULT_COLDKEY',
    );
  });

  it('stores base64(password XOR name) and reads it back; absent variables give undefined', () => {
    const file = '/w/default/coldkey';
    const [name, value] = keyfilePasswordEnvEntry(file, 'pässword');
    // XOR with the name's bytes: 'p' ^ 'B' = 0x32, so the value is not the password in clear.
    expect(Buffer.from(value, 'base64')[0]).toBe('p'.charCodeAt(0) ^ 'B'.charCodeAt(0));
    expect(readKeyfilePasswordFromEnv(file, { [name]: value })).toBe('pässword');
    expect(readKeyfilePasswordFromEnv(file, {})).toBeUndefined();
  });
});
