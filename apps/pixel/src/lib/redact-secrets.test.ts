import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('a hf_abc123 b hf_abc123 pw1234', ['hf_abc123', 'pw1234'])).toBe(
      'a [redacted] b [redacted] [redacted]',
    );
  });

  it('also replaces the JSON-escaped form of a secret', () => {
    const secret = 'p"a\\ss';
    expect(redactSecrets(JSON.stringify({ msg: `bad ${secret}` }), [secret])).toBe(
      '{"msg":"bad [redacted]"}',
    );
  });

  it('leaves values under 4 characters alone, so ordinary words survive', () => {
    expect(redactSecrets('abc def', ['abc', ''])).toBe('abc def');
  });

  it('replaces a secret that contains another one whole', () => {
    expect(redactSecrets('key hf_abcd-2 and hf_abcd', ['hf_abcd', 'hf_abcd-2'])).toBe(
      'key [redacted] and [redacted]',
    );
  });
});
