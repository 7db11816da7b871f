import { unknownArgumentsReport } from './unknown-arguments-report.js';

const KNOWN = ['help', 'log-level', 'version', 'num-samples', 'output', 'o', 'hf_repo_id', 'dry-run'];

describe('unknownArgumentsReport', () => {
  it("shows an unknown flag as typed, without yargs' camelCase alias, and the flag meant", () => {
    expect(
      unknownArgumentsReport('Unknown arguments: num-sample, numSample', ['--num-sample', '5'], KNOWN),
    ).toEqual(['Unknown argument: --num-sample', 'Did you mean --num-samples?']);
    expect(
      unknownArgumentsReport('Unknown arguments: num-sample, numSample', ['--num-sample=5'], KNOWN),
    ).toEqual(['Unknown argument: --num-sample', 'Did you mean --num-samples?']);
  });

  it('says which flag each suggestion is for when several arguments are unknown', () => {
    expect(
      unknownArgumentsReport(
        'Unknown arguments: hf-repo, hfRepo, dry_run, frobnicate, extra',
        ['--hf-repo', 'a/b', '--dry_run', '--frobnicate', 'extra'],
        KNOWN,
      ),
    ).toEqual([
      'Unknown arguments: --hf-repo, --dry_run, --frobnicate, extra',
      'Did you mean --hf_repo_id for --hf-repo?',
      'Did you mean --dry-run for --dry_run?',
    ]);
  });

  it('keeps unknown words and negated flags as typed, and other messages as they are', () => {
    expect(unknownArgumentsReport('Unknown argument: lst', ['competitions', 'lst'], KNOWN)).toEqual([
      'Unknown argument: lst',
    ]);
    expect(unknownArgumentsReport('Unknown argument: colour', ['--no-colour'], KNOWN)).toEqual([
      'Unknown argument: --no-colour',
    ]);
    expect(unknownArgumentsReport('Missing required argument: x', [], KNOWN)).toEqual([
      'Missing required argument: x',
    ]);
  });
});
