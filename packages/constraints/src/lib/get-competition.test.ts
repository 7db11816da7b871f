import { MAX_REPO_BYTES, getCompetition, listCompetitions } from '../index.js';

describe('getCompetition', () => {
  it('returns m6 with the reference limits', () => {
    const m6 = getCompetition('m6');
    expect(m6.maxParameters).toBe(2_684_354_560);
    expect(m6.maxRepoBytes).toBe(MAX_REPO_BYTES);
    expect(MAX_REPO_BYTES).toBe(6_442_450_944);
    expect(m6.rewardShare).toBe(1);
  });

  it('treats an absent id as the original competition', () => {
    expect(getCompetition(undefined).id).toBe('m6');
    expect(getCompetition(null).id).toBe('m6');
  });

  it('names the valid ids for an unknown one', () => {
    expect(() => getCompetition('m7')).toThrow('Unknown competition id "m7". Valid competition ids: m6.');
  });

  it('lists reward shares that sum to one', () => {
    expect(listCompetitions().reduce((sum, c) => sum + c.rewardShare, 0)).toBe(1);
  });
});
