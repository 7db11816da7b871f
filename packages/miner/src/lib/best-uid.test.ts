import { ModelId } from '@pixel/constraints';
import type { ModelMetadata } from '@pixel/chain';
import { bestUid } from './best-uid.js';

const model = (name: string, block: number): ModelMetadata => ({
  modelId: new ModelId({
    namespace: 'ns',
    name,
    commit: 'a'.repeat(40),
    hash: `${'B'.repeat(43)}=`,
    competitionId: 'm6',
  }),
  block,
});

describe('bestUid', () => {
  const hotkeys = ['hk0', 'hk1', 'hk2', 'hk3'];

  it('picks the highest incentive among uids with a model', () => {
    const models = new Map([
      ['hk1', model('a', 10)],
      ['hk2', model('b', 5)],
      ['hk3', model('c', 1)],
    ]);
    expect(bestUid({ hotkeys, incentive: [0.9, 0.3, 0.5, 0.1] }, models)).toBe(2);
  });

  it('breaks ties and unscored chains by the earliest commitment', () => {
    const models = new Map([
      ['hk1', model('a', 10)],
      ['hk2', model('b', 5)],
    ]);
    expect(bestUid({ hotkeys }, models)).toBe(2);
    expect(bestUid({ hotkeys, incentive: [0, 0.5, 0.5, 0] }, models)).toBe(2);
  });

  it('is undefined when nobody committed a model', () => {
    expect(bestUid({ hotkeys, incentive: [1, 1, 1, 1] }, new Map())).toBeUndefined();
  });
});
