import type { RevisionFile } from '../types/public.js';

const COMPONENT = /^(unet|vae|scheduler|text_encoder[\w-]*|tokenizer[\w-]*)$/;
const CONFIG_FILE = /\.(json|txt|model)$/;

/**
 * The files of a diffusers pipeline repo the trainer needs: `model_index.json` and, in the `unet/`, `vae/`,
 * `text_encoder*`, `tokenizer*` and `scheduler` folders, their configs, tokenizer files and safetensors
 * weights (with their shard index). With a `variant` (e.g. `fp16`) a component's weights of that variant are
 * taken when it has them, its plain weights otherwise; other formats (bin, onnx, flax, openvino) are skipped.
 */
export function selectPipelineParts(files: RevisionFile[], variant?: string): RevisionFile[] {
  const byComponent = new Map<string, RevisionFile[]>();
  const selected: RevisionFile[] = [];
  for (const file of files) {
    if (file.path === 'model_index.json') {
      selected.push(file);
      continue;
    }
    const [component, name, ...deeper] = file.path.split('/');
    if (!component || !name || deeper.length > 0 || !COMPONENT.test(component)) continue;
    if (weightVariant(name) === undefined) {
      if (CONFIG_FILE.test(name)) selected.push(file);
      continue;
    }
    byComponent.set(component, [...(byComponent.get(component) ?? []), file]);
  }
  for (const weights of byComponent.values()) {
    const wanted =
      variant && weights.some((file) => weightVariant(baseName(file)) === variant) ? variant : null;
    selected.push(...weights.filter((file) => weightVariant(baseName(file)) === wanted));
  }
  return selected.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `undefined` for a file that is no safetensors weight, `null` for plain weights, else the variant name. */
function weightVariant(fileName: string): string | null | undefined {
  if (!/\.safetensors(\.index\.json)?$/.test(fileName)) return undefined;
  const stem = fileName
    .replace(/\.index\.json$/, '')
    .replace(/\.safetensors$/, '')
    .replace(/-\d{5}-of-\d{5}$/, '');
  const dot = stem.lastIndexOf('.');
  return dot > 0 ? stem.slice(dot + 1) : null;
}

function baseName(file: RevisionFile): string {
  return file.path.slice(file.path.lastIndexOf('/') + 1);
}
