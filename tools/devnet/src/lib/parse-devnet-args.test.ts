import { parseDevnetArgs } from './parse-devnet-args.js';

// //Alice, //Bob and //Charlie (sr25519, ss58 42).
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';

describe('parseDevnetArgs', () => {
  it('turns the CLI arguments into start options', () => {
    expect(
      parseDevnetArgs([
        '--spec',
        'spec.json',
        '--port',
        '9944',
        '--hotkey',
        ALICE,
        '--hotkey',
        BOB,
        '--fund',
        CHARLIE,
      ]),
    ).toEqual({
      specPath: 'spec.json',
      port: 9944,
      hotkeys: [ALICE, BOB],
      fund: [CHARLIE],
    });
    expect(parseDevnetArgs(['--endpoint', 'wss://node:443', '--fund', CHARLIE])).toEqual({
      endpoint: 'wss://node:443',
      port: 0,
      fund: [CHARLIE],
    });
    expect(parseDevnetArgs(['--help'])).toBe('help');
  });

  it('explains bad input with the usage', () => {
    expect(() => parseDevnetArgs([])).toThrow(/give --spec or --endpoint\nusage: devnet/);
    expect(() => parseDevnetArgs(['--spec', 'a', '--endpoint', 'b'])).toThrow('not both');
    expect(() => parseDevnetArgs(['--spec', 'a', '--port', '99999'])).toThrow('--port must be 0..65535');
    expect(() => parseDevnetArgs(['--spce', 'a'])).toThrow(/Unknown option '--spce'[\s\S]*usage: devnet/);
    expect(() => parseDevnetArgs(['--endpoint', 'wss://node:443', '--hotkey', ALICE])).toThrow(
      '--hotkey registers hotkeys on the subnet the offline devnet creates; a fork creates none.',
    );
  });

  it('refuses a --fund or --hotkey that is not an ss58 address before anything starts', () => {
    expect(() => parseDevnetArgs(['--endpoint', 'wss://node:443', '--fund', 'my-wallet'])).toThrow(
      "--fund needs an ss58 address (e.g. a hotkey file's ss58Address), got 'my-wallet'",
    );
    expect(() => parseDevnetArgs(['--spec', 'a', '--hotkey', `${ALICE.slice(0, -1)}Z`])).toThrow(
      `--hotkey needs an ss58 address (e.g. a hotkey file's ss58Address), got '${ALICE.slice(0, -1)}Z'`,
    );
  });
});
