export interface ModelIdVectorFields {
  namespace: string;
  name: string;
  commit: string | null;
  hash: string | null;
  competition_id: string | null;
}

export interface ModelIdVector {
  fields?: ModelIdVectorFields;
  compressed: string;
  bytes?: number;
  parsed: ModelIdVectorFields;
}

export interface DirectoryHashVector {
  files_base64: Record<string, string>;
  file_hashes: Record<string, string>;
  directory_hash: string;
}

export interface ScoringRound {
  uids: number[];
  losses: Record<string, number[]>;
  blocks: Record<string, number>;
  wins: Record<string, number>;
  win_rate: Record<string, number>;
  step_weights: Record<string, number>;
  weights_before: number[];
  weights_after: number[];
}

export interface PromptVector {
  raw: string;
  matches_v6: boolean;
  cleaned: string;
}

/** `../shared/vectors/reference-vectors.json`: what the Python miner computes, for byte-exact tests. */
export interface ReferenceVectors {
  model_ids: ModelIdVector[];
  max_metadata_bytes: number;
  max_repo_id_length: number;
  directory_hashes: DirectoryHashVector[];
  scoring: { epsilon: number; temperature: number; alpha: number; n: number; rounds: ScoringRound[] };
  prompts: PromptVector[];
  metadata_csv: { rows: [string, string][]; text: string };
}
