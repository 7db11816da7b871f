import { expandHome } from './expand-home.js';

/** btwallet's variable name for a keyfile's password: `BT_PW_` + the upper-cased path with `/` and `.` as `_`. */
export function keyfilePasswordEnvVar(keyfilePath: string): string {
  return `BT_PW_${expandHome(keyfilePath).replace(/[/.]/g, '_').toUpperCase()}`;
}
