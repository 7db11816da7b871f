import { optimizerUpdateBytes } from './optimizer-update-bytes.js';

describe('optimizerUpdateBytes', () => {
  it("is one tensor's new values and new state: three copies for AdamW, less for factored Adafactor", () => {
    expect(optimizerUpdateBytes([640, 320], { type: 'adamw', firstMoment: false })).toBe(3 * 4 * 640 * 320);
    expect(optimizerUpdateBytes([640, 320], { type: 'adafactor', firstMoment: false })).toBe(
      4 * (640 * 320 + 640 + 320),
    );
    expect(optimizerUpdateBytes([640, 320], { type: 'adafactor', firstMoment: true })).toBe(
      4 * (2 * 640 * 320 + 640 + 320),
    );
  });
});
