import { ChainCallError, RateLimitError, TransactionRejectedError } from './errors.js';

/** Substrate's author RPC error codes (sc-rpc-api author/error.rs). */
const POOL_INVALID_TX = 1010;
const POOL_TEMPORARILY_BANNED = 1012;
const POOL_ALREADY_IMPORTED = 1013;
const POOL_TOO_LOW_PRIORITY = 1014;

/** Longest chopsticks message parsed as JSON; a validity error is a few dozen characters. */
const MAX_VALIDITY_JSON = 1_000;

/** What the pool said: subtensor's `Invalid(Custom(n))`, another `InvalidTransaction` variant, or a pool error code. */
type Refusal =
  { kind: 'custom'; number: number } | { kind: 'invalid'; variant: string } | { kind: 'pool'; code: number };

/**
 * The texts a node sends as the error's `data` for `Invalid(<variant>)` (sp-runtime transaction_validity.rs,
 * `impl From<InvalidTransaction> for &'static str`); `Custom(n)` arrives as "Custom error: n".
 */
const INVALID_TRANSACTION_TEXTS: Record<string, string> = {
  'Transaction call is not expected': 'Call',
  'Transaction will be valid in the future': 'Future',
  'Transaction is outdated': 'Stale',
  'Transaction has a bad signature': 'BadProof',
  'Transaction has an ancient birth block': 'AncientBirthBlock',
  'Transaction would exhaust the block limits': 'ExhaustsResources',
  'Inability to pay some fees (e.g. account balance too low)': 'Payment',
  'Invalid signing address': 'BadSigner',
};

interface Context {
  /** `section.method` of the call, e.g. `subtensorModule.setWeights`. */
  call: string;
  /** The signing account's address. */
  signer: string;
  /** The runtime's spec version: subtensor renumbered its custom errors in spec 224. */
  specVersion: number;
}

interface CustomError {
  name: string;
  /** What it means for this transaction, and what to do. */
  explain: (context: Context) => string;
  /** The refusal passes with time: reported as a RateLimitError, which callers retry. */
  rateLimit?: true;
}

/**
 * Subtensor's `CustomTransactionError` numbers, the `n` of `Invalid(Custom(n))` since spec 224 (2025-01):
 * opentensor/subtensor common/src/transaction_error.rs, `impl From<CustomTransactionError> for u8` (earlier in
 * pallets/subtensor/src/lib.rs), and pallets/subtensor/src/extensions/subtensor.rs for which check gives which.
 */
const SUBTENSOR_CUSTOM_ERRORS: Record<number, CustomError> = {
  0: {
    name: 'ColdkeyInSwapSchedule',
    explain: () =>
      'the coldkey behind the signing account has a coldkey swap scheduled, which blocks this call until the swap is done. Wait for the swap and use the new coldkey.',
  },
  1: {
    name: 'StakeAmountTooLow',
    explain: ({ signer }) =>
      `${signer} has less stake than the chain requires for this call (to set weights: the stake threshold for validators; to stake or unstake: at least 0.0005 TAO). Add stake to it (btcli stake add) and retry.`,
  },
  2: {
    name: 'BalanceTooLow',
    explain: () =>
      "the coldkey's free balance is lower than the amount. Lower the amount or fund the coldkey.",
  },
  3: {
    name: 'SubnetNotExists',
    explain: () => 'the subnet does not exist. Check --netuid and --subtensor.network.',
  },
  4: {
    name: 'HotkeyAccountDoesntExist',
    explain: () => 'the hotkey is not known to the chain. Register it first (btcli subnets register).',
  },
  5: {
    name: 'NotEnoughStakeToWithdraw',
    explain: () => 'there is less stake than the amount (fees included). Lower the amount.',
  },
  6: {
    name: 'RateLimitExceeded',
    explain: ({ signer }) =>
      `${signer} sent this kind of transaction too recently (weights within the subnet's weights rate limit, or too many registrations this interval). Wait and retry.`,
    rateLimit: true,
  },
  7: {
    name: 'InsufficientLiquidity',
    explain: () => "the subnet's pool has too little liquidity for this amount. Use a smaller amount.",
  },
  8: {
    name: 'SlippageTooHigh',
    explain: () => 'the price would move more than the limit allows. Use a smaller amount or a looser limit.',
  },
  9: { name: 'TransferDisallowed', explain: () => 'this subnet does not allow stake transfers.' },
  10: {
    name: 'HotKeyNotRegisteredInNetwork',
    explain: ({ signer }) =>
      `${signer} is not registered on any subnet. Register it first (btcli subnets register).`,
  },
  11: { name: 'InvalidIpAddress', explain: () => "the axon's IP address is invalid." },
  12: {
    name: 'ServingRateLimitExceeded',
    explain: () => 'the axon was served too recently. Wait and retry.',
    rateLimit: true,
  },
  13: { name: 'InvalidPort', explain: () => "the axon's port is invalid." },
  14: { name: 'ZeroMaxAmount', explain: () => 'the maximum amount is zero.' },
  15: {
    name: 'InvalidRevealRound',
    explain: () => 'the drand reveal round of the timelocked commit is invalid.',
  },
  16: { name: 'CommitNotFound', explain: () => 'no weights commit of this account matches the reveal.' },
  17: {
    name: 'CommitBlockNotInRevealRange',
    explain: () => 'this is not the reveal period of the weights commit. Reveal in the epoch it allows.',
  },
  18: { name: 'InputLengthsUnequal', explain: () => "the call's lists have different lengths." },
  19: {
    name: 'UidNotFound',
    explain: ({ signer }) =>
      `${signer} has no uid on this subnet. Register it there first (btcli subnets register), or check --wallet.hotkey and --subtensor.network.`,
  },
  20: {
    name: 'EvmKeyAssociateRateLimitExceeded',
    explain: () => 'an EVM key was associated too recently. Wait and retry.',
    rateLimit: true,
  },
  21: {
    name: 'ColdkeySwapDisputed',
    explain: () => "the coldkey's swap is disputed, which blocks this call until it is resolved.",
  },
  22: { name: 'InvalidRealAccount', explain: () => "the proxy's real account is invalid." },
  23: { name: 'FailedShieldedTxParsing', explain: () => 'the shielded transaction could not be parsed.' },
  24: {
    name: 'InvalidShieldedTxPubKeyHash',
    explain: () => 'the shielded transaction was encrypted to a key the chain does not use.',
  },
  25: { name: 'NonAssociatedColdKey', explain: () => 'the coldkey does not own this hotkey.' },
  26: { name: 'DelegateTakeTooLow', explain: () => 'the delegate take is below the allowed minimum.' },
  27: { name: 'DelegateTakeTooHigh', explain: () => 'the delegate take is above the allowed maximum.' },
  255: { name: 'BadRequest', explain: () => "subtensor's checks refused the call's arguments." },
};

/** The first spec version with today's numbering. */
const FIRST_NAMED_NUMBERING_SPEC = 224;

/**
 * Before spec 224, SubtensorSignedExtension numbered its refusals per call (pallets/subtensor/src/lib.rs then):
 * each weights call without enough stake had its own number, registrations over the interval's limit were 5.
 * Mapped to today's numbers. Spec 218 (the devnet) is such a runtime.
 */
const LEGACY_CUSTOM_ERRORS: Record<string, Record<number, number>> = {
  'subtensorModule.commitWeights': { 1: 1 },
  'subtensorModule.revealWeights': { 2: 1 },
  'subtensorModule.batchRevealWeights': { 6: 1 },
  'subtensorModule.setWeights': { 3: 1 },
  'subtensorModule.setRootWeights': { 4: 1 },
  'subtensorModule.commitCrv3Weights': { 7: 1 },
  'subtensorModule.register': { 5: 6 },
  'subtensorModule.burnedRegister': { 5: 6 },
};

/** What to do about Substrate's own `InvalidTransaction` variants. */
const INVALID_TRANSACTION_FIXES: Record<string, (context: Context) => string> = {
  Payment: ({ signer }) =>
    `${signer} cannot pay the transaction fee: its free balance is too low. Transfer a little TAO to it and retry.`,
  BadProof: ({ specVersion }) =>
    `the signature does not verify on this chain: it was made for another genesis, runtime version or set of transaction extensions. If the runtime was upgraded a moment ago, retry; if this persists, this version of @pixel/chain cannot sign for the runtime (spec ${specVersion}).`,
  Stale: ({ signer }) =>
    `its nonce was used already (another transaction from ${signer} got in first). Retry.`,
  Future: ({ signer }) =>
    `its nonce is ahead of the account's: an earlier transaction from ${signer} is still waiting. Wait for it, then retry.`,
  AncientBirthBlock: () => 'its era started too long ago for the chain to check it. Retry.',
  ExhaustsResources: () => 'the block has no room left for it. Retry in a few blocks.',
  BadSigner: ({ signer }) => `the runtime does not accept ${signer} as the signer of this call.`,
  Call: () => 'the runtime does not accept this call now.',
};

const POOL_ERRORS: Record<number, { name: string; explain: (context: Context) => string }> = {
  [POOL_TEMPORARILY_BANNED]: {
    name: 'TemporarilyBanned',
    explain: () =>
      'the node refused this very transaction a moment ago and ignores it for a while. Wait a minute and retry.',
  },
  [POOL_ALREADY_IMPORTED]: {
    name: 'AlreadyImported',
    explain: () => 'the node already has this very transaction. Wait for it to be included.',
  },
  [POOL_TOO_LOW_PRIORITY]: {
    name: 'TooLowPriority',
    explain: ({ signer }) =>
      `another transaction from ${signer} with the same nonce is already waiting. Wait for it to be included, then retry.`,
  },
};

/** `{"invalid":{"custom":3}}` or `{"invalid":{"payment":null}}`, as chopsticks reports a validity error. */
function refusalFromValidityJson(text: string): Refusal | undefined {
  if (text.length > MAX_VALIDITY_JSON) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const invalid = (parsed as { invalid?: unknown } | null)?.invalid;
  if (typeof invalid !== 'object' || invalid === null) return undefined;
  const [variant, value] = Object.entries(invalid)[0] ?? [];
  if (variant === undefined) return undefined;
  if (variant === 'custom') return typeof value === 'number' ? { kind: 'custom', number: value } : undefined;
  return { kind: 'invalid', variant: `${variant.charAt(0).toUpperCase()}${variant.slice(1)}` };
}

/**
 * Read polkadot-js's RpcError (`code`, `data`, message `<code>: <message>: <data>`): a node sends code 1010,
 * "Invalid Transaction" and the variant's text as data; chopsticks sends the validity error as JSON in the message.
 */
function refusalOf(error: unknown): Refusal | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, data, message } = error as { code?: unknown; data?: unknown; message?: unknown };
  if (typeof code !== 'number') return undefined;
  if (code !== POOL_INVALID_TX) return code in POOL_ERRORS ? { kind: 'pool', code } : undefined;
  if (typeof data === 'string') {
    const custom = /^Custom error: (\d{1,3})$/.exec(data);
    if (custom) return { kind: 'custom', number: Number(custom[1]) };
    const variant = INVALID_TRANSACTION_TEXTS[data];
    if (variant) return { kind: 'invalid', variant };
  }
  const json = typeof message === 'string' ? /^\d+: (\{.*\})$/s.exec(message)?.[1] : undefined;
  return json === undefined ? undefined : refusalFromValidityJson(json);
}

/** Today's number for a runtime's `Custom(n)`, undefined when an old runtime's number has no known meaning. */
function todaysNumber(number: number, context: Context): number | undefined {
  if (context.specVersion >= FIRST_NAMED_NUMBERING_SPEC || number === 0) return number;
  return LEGACY_CUSTOM_ERRORS[context.call]?.[number];
}

/**
 * The error to report when the node refused `context.call` before any block (what `signAndSend` rejects with,
 * e.g. "1010: Invalid Transaction: Custom error: 6"): a TransactionRejectedError named after the reason
 * (`pool.StakeAmountTooLow`, `pool.Payment`, ...) saying what to do, a RateLimitError for subtensor's rate limits,
 * or, for anything else, a ChainCallError (`invalid`) with the node's words.
 */
export function transactionPoolRejection(
  error: unknown,
  context: Context,
): TransactionRejectedError | RateLimitError | ChainCallError {
  const refused = `${context.call} was refused by the node's transaction pool`;
  const refusal = refusalOf(error);
  if (refusal?.kind === 'custom') {
    const number = todaysNumber(refusal.number, context);
    const known = number === undefined ? undefined : SUBTENSOR_CUSTOM_ERRORS[number];
    if (!known) {
      return new TransactionRejectedError(
        `${refused} with Invalid(Custom(${refusal.number})), a subtensor refusal this version of @pixel/chain cannot name for spec ${context.specVersion}. ` +
          "See subtensor's CustomTransactionError for that runtime.",
        `pool.Custom(${refusal.number})`,
      );
    }
    const message = `${refused}: ${known.name} (Invalid(Custom(${refusal.number}))): ${known.explain(context)}`;
    const code = `pool.${known.name}`;
    return known.rateLimit
      ? new RateLimitError(message, code, undefined)
      : new TransactionRejectedError(message, code);
  }
  if (refusal?.kind === 'invalid') {
    const fix = INVALID_TRANSACTION_FIXES[refusal.variant];
    return new TransactionRejectedError(
      `${refused}: ${refusal.variant}: ${fix ? fix(context) : 'the transaction is invalid.'}`,
      `pool.${refusal.variant}`,
    );
  }
  if (refusal?.kind === 'pool') {
    const { name, explain } = POOL_ERRORS[refusal.code]!;
    return new TransactionRejectedError(`${refused}: ${name}: ${explain(context)}`, `pool.${name}`);
  }
  const words = (error as { message?: unknown } | null)?.message ?? String(error);
  return new ChainCallError(`${context.call} was rejected by the node: ${String(words)}`, 'invalid');
}
