// The reference's regex: every Midjourney flag after whitespace, with the token after it. A flag at
// the very start of the prompt has no whitespace before it and stays, exactly as in the reference.
const MIDJOURNEY_FLAG = /\s+--[a-zA-Z0-9-]+(\s+[^\s]+)?/g;

/** Removes Midjourney flags (`--ar 16:9`, `--v 6`, `--tile`) from a prompt, as the reference does. */
export function cleanPrompt(prompt: string): string {
  return prompt.replace(MIDJOURNEY_FLAG, '');
}
