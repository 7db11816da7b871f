import { parseDevnetArgs } from './parse-devnet-args.js';

describe('parseDevnetArgs', () => {
  it('turns the CLI arguments into start options', () => {
    expect(
      parseDevnetArgs([
        '--spec',
        'spec.json',
        '--port',
        '9944',
        '--hotkey',
        'a',
        '--hotkey',
        'b',
        '--fund',
        'c',
      ]),
    ).toEqual({
      specPath: 'spec.json',
      port: 9944,
      hotkeys: ['a', 'b'],
      fund: ['c'],
    });
    expect(parseDevnetArgs(['--endpoint', 'wss://node:443'])).toEqual({
      endpoint: 'wss://node:443',
      port: 0,
      hotkeys: [],
      fund: [],
    });
    expect(parseDevnetArgs(['--help'])).toBe('help');
  });

  it('explains bad input with the usage', () => {
    expect(() => parseDevnetArgs([])).toThrow(/give --spec or --endpoint\nusage: devnet/);
    expect(() => parseDevnetArgs(['--spec', 'a', '--endpoint', 'b'])).toThrow('not both');
    expect(() => parseDevnetArgs(['--spec', 'a', '--port', '99999'])).toThrow('--port must be 0..65535');
    expect(() => parseDevnetArgs(['--spce', 'a'])).toThrow(/Unknown option '--spce'[\s\S]*usage: devnet/);
  });
});
