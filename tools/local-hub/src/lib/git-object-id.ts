import { createHash } from 'node:crypto';

/**
 * Git's object id: sha1 of `<type> <size>\0<content>`. The Hub reports file `oid`s this way (blobs),
 * and the local Hub names its commits the same way so they are real 40-hex ids.
 */
export function gitObjectId(type: 'blob' | 'tree' | 'commit', content: Buffer): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}
