import { referenceVectors } from './reference-vectors.js';

describe('referenceVectors', () => {
  it('reads every section the packages test against', () => {
    const vectors = referenceVectors();
    expect(vectors.model_ids.length).toBeGreaterThan(0);
    expect(vectors.directory_hashes.length).toBeGreaterThan(0);
    expect(vectors.scoring.rounds.length).toBeGreaterThan(0);
    expect(vectors.prompts.length).toBeGreaterThan(0);
    expect(vectors.metadata_csv.rows.length).toBeGreaterThan(0);
    expect(vectors.max_repo_id_length).toBe(38);
  });
});
