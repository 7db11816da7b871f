import { secretFlagValues } from './secret-flag-values.js';

describe('secretFlagValues', () => {
  it('takes the value of every flag whose name says secret, in both --flag value and --flag=value form', () => {
    expect(
      secretFlagValues([
        '--hub_token',
        'hf_one',
        '--hub-token=hf_two',
        '--hubToken',
        'hf_three',
        '--wallet.password',
        'pw one',
        '--client_secret=s3',
        '--secret-phrase',
        'word word word',
        '--mnemonic',
        'twelve words',
        '--api-key',
        'k1',
        '--private_key=k2',
        '--pw',
        'p',
      ]),
    ).toEqual([
      'hf_one',
      'hf_two',
      'hf_three',
      'pw one',
      's3',
      'word word word',
      'twelve words',
      'k1',
      'k2',
      'p',
    ]);
  });

  it('leaves names and numbers of other flags alone: a hotkey name is no secret, nor a seed', () => {
    expect(
      secretFlagValues([
        '--wallet.hotkey',
        'default',
        '--wallet.name',
        'miner',
        '--seed',
        '42',
        '--keep',
        '--monkey',
        'x',
        'positional',
      ]),
    ).toEqual([]);
  });

  it('takes no flag for a value: a secret flag given without one has none', () => {
    expect(secretFlagValues(['--hub_token', '--seed', '1'])).toEqual([]);
    expect(secretFlagValues(['--hub_token'])).toEqual([]);
    expect(secretFlagValues(['--hub_token='])).toEqual([]);
  });
});
