import { secretValues } from './secret-values.js';

describe('secretValues', () => {
  it('collects Hugging Face tokens and wallet passwords, skipping empty ones', () => {
    expect(
      secretValues({
        HF_ACCESS_TOKEN: 'hf_a',
        HF_TOKEN: '',
        BT_PW_MY_COLDKEY: 'pw',
        PATH: '/usr/bin',
      }).sort(),
    ).toEqual(['hf_a', 'pw']);
  });
});
