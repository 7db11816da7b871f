import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from './errors.js';
import { findNativeBinding } from './find-native-binding.js';
import { selectBackend } from './select-backend.js';

const gpuBuilt = findNativeBinding('@tensorflow/tfjs-node-gpu').built;
const nodeBuilt = findNativeBinding('@tensorflow/tfjs-node').built;

describe('selectBackend', () => {
  // Every test starts, and the file ends, on the cpu backend the other tests use.
  beforeEach(() => selectBackend('cpu', { log: false }));
  afterAll(() => selectBackend('cpu', { log: false }));

  it('activates the cpu backend on the tfjs-core the models use, and says so in one line', async () => {
    const lines: string[] = [];
    const selected = await selectBackend('cpu', { log: (line) => lines.push(line) });
    expect(selected).toMatchObject({ choice: 'cpu', backendName: 'cpu', unavailable: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]).toBe(5);
    expect(lines).toEqual(["Backend: cpu (pixel's WebAssembly kernels on every core)."]);
  });

  it('activates the WebAssembly backend with its training kernels, then cpu again', async () => {
    const lines: string[] = [];
    const selected = await selectBackend('wasm', { log: (line) => lines.push(line) });
    expect(selected).toMatchObject({ choice: 'wasm', backendName: 'wasm', unavailable: [] });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3, 4]]), false, true).dataSync()[0]).toBe(11);
    // The kernel the stock wasm backend lacks, which every conv2d gradient needs.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(lines).toEqual(['Backend: wasm (WebAssembly with XNNPACK, one thread).']);
  });

  (gpuBuilt || nodeBuilt ? it.skip : it)(
    'auto falls back to cpu here (never wasm, never a software WebGPU adapter), naming what is missing and how to enable it',
    async () => {
      const lines: string[] = [];
      const selected = await selectBackend('auto', { log: (line) => lines.push(line) });
      expect(selected.choice).toBe('cpu');
      expect(tf.getBackend()).toBe('cpu');
      expect(selected.unavailable.map((u) => u.choice)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow']);
      expect(selected.unavailable[0]!.reason).toContain(
        '@tensorflow/tfjs-node-gpu is installed but its native addon was not built (its install script, which downloads libtensorflow, did not run)',
      );
      expect(selected.unavailable[0]!.reason).toContain('`pnpm rebuild @tensorflow/tfjs-node-gpu`');
      // This machine has no GPU: no Vulkan driver, and the OpenGL ES adapter (llvmpipe) is software.
      expect(selected.unavailable[1]!.reason).toMatch(/no Vulkan driver is installed/);
      expect(selected.unavailable[2]!.reason).toContain('`pnpm rebuild @tensorflow/tfjs-node`');
      expect(lines).toEqual(["Backend: cpu (pixel's WebAssembly kernels on every core)."]);
    },
  );

  (nodeBuilt ? it.skip : it)(
    'an explicit choice that cannot load is an error saying how to enable it',
    async () => {
      const error = await selectBackend('tensorflow', { log: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect((error as Error).message).toMatch(
        /^Backend "tensorflow" \(@tensorflow\/tfjs-node\) is unavailable: .*native addon was not built.*`pnpm rebuild @tensorflow\/tfjs-node`.*Use --backend auto or cpu/,
      );
      expect(tf.getBackend()).toBe('cpu');
    },
  );

  it('activates webgpu by name on the software adapter here (Mesa llvmpipe through OpenGL ES), naming it', async () => {
    const lines: string[] = [];
    const selected = await selectBackend('webgpu', { log: (line) => lines.push(line) });
    expect(selected).toMatchObject({ choice: 'webgpu', backendName: 'webgpu' });
    expect(selected.adapter).toMatchObject({ api: 'opengles', software: true });
    expect(selected.adapter!.name).toMatch(/llvmpipe/);
    expect(tf.getBackend()).toBe('webgpu');
    expect(
      Array.from(await tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3, 4]]), false, true).data()),
    ).toEqual([11]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Backend: webgpu on .*llvmpipe.* \(a software rasteriser, slower than the cpu backend; tensors up to \d+ MiB\)\.$/,
    );
  });

  it('refuses a tensor larger than the WebGPU adapter can bind, instead of computing garbage', async () => {
    const { adapter } = await selectBackend('webgpu', { log: false });
    const elements = adapter!.maxStorageBufferBindingSize / 4 + 1024;
    const before = tf.memory().numTensors;
    expect(() => tf.tidy(() => tf.add(tf.fill([elements], 1), 1))).toThrow(
      /^The webgpu backend cannot hold a \d+ MiB tensor: its adapter \(.*llvmpipe.*\) lets a shader bind at most \d+ MiB\. Use a lower --resolution/,
    );
    expect(tf.memory().numTensors).toBe(before);
    // The backend still works after the refusal.
    expect(Array.from(await tf.add(tf.scalar(2), 3).data())).toEqual([5]);
  });

  it('rejects an unknown backend name, listing the valid ones', async () => {
    await expect(selectBackend('webgl' as never, { log: false })).rejects.toThrow(
      'Unknown backend "webgl". Valid backends: auto, tensorflow-gpu, webgpu, tensorflow, wasm, cpu.',
    );
  });
});
