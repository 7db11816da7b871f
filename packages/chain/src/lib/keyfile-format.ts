export type KeyfileFormat = 'json' | 'nacl' | 'ansible-vault' | 'fernet';

/** How a keyfile is stored, from its first bytes as btwallet detects it. */
export function keyfileFormat(data: Uint8Array): KeyfileFormat {
  const head = Buffer.from(data.subarray(0, 14)).toString('latin1');
  if (head.startsWith('$NACL')) return 'nacl';
  if (head.startsWith('$ANSIBLE_VAULT')) return 'ansible-vault';
  if (head.startsWith('gAAAAA')) return 'fernet';
  return 'json';
}
