/**
 * The checkpoint key of an optimizer state tensor named `<variable index>.<slot>` by the optimizer
 * (`stateTensors()` of AdamW and Adafactor): `<slot>.<diffusers key of the variable>`, e.g.
 * `exp_avg_sq_row.conv_in.weight`, as torch names a parameter's state.
 */
export function optimizerStateKey(name: string, keys: readonly string[]): string {
  const separator = name.indexOf('.');
  const key = keys[Number(name.slice(0, separator))];
  if (separator < 0 || key === undefined) throw new Error(`No parameter for optimizer state "${name}".`);
  return `${name.slice(separator + 1)}.${key}`;
}
