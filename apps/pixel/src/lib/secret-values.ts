/** Environment variables whose values must never reach a log line or an error. */
export const SECRET_ENV_VARS = ['HF_ACCESS_TOKEN', 'HF_TOKEN', 'BT_COLDKEY_PASSWORD'] as const;

/** Values of the secret variables present in `env`, plus any `BT_PW_*` coldkey password variables. */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const names = [...SECRET_ENV_VARS, ...Object.keys(env).filter((k) => k.startsWith('BT_PW_'))];
  return names.map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}
