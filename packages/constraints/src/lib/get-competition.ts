import { COMPETITIONS, ORIGINAL_COMPETITION_ID, type Competition } from './competitions.js';

/**
 * The competition with this id, or an error naming the valid ids.
 * An absent id means the original competition, as validators treat a commitment without one.
 */
export function getCompetition(id: string | undefined | null): Competition {
  const wanted = id ?? ORIGINAL_COMPETITION_ID;
  const found = COMPETITIONS.find((c) => c.id === wanted);
  if (!found) {
    const known = COMPETITIONS.map((c) => c.id).join(', ');
    throw new Error(`Unknown competition id "${wanted}". Valid competition ids: ${known}.`);
  }
  return found;
}
