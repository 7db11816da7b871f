import * as tf from '@tensorflow/tfjs-core';
import { PARITY_TIMEOUT_MS } from '../../test-support/parity-timeout.js';
import { diagnoseBackends } from './diagnose-backends.js';
import { findNativeBinding } from './find-native-binding.js';

const nativeBuilt =
  findNativeBinding('@tensorflow/tfjs-node-gpu').built || findNativeBinding('@tensorflow/tfjs-node').built;

describe('diagnoseBackends', () => {
  (nativeBuilt ? it.skip : it)(
    'reports every backend fastest first, why the native ones are missing, the WebGPU adapters, and measures the rest',
    async () => {
      const report = await diagnoseBackends({ measureSeconds: 1 });
      expect(report.backends.map((b) => [b.choice, b.available])).toEqual([
        ['tensorflow-gpu', false],
        ['webgpu', true],
        ['tensorflow', false],
        ['wasm', true],
        ['cpu', true],
      ]);
      const [gpu, webgpu, , wasm, cpu] = report.backends;
      expect(gpu!.reason).toContain('`pnpm rebuild @tensorflow/tfjs-node-gpu`');
      // Available by name on the software adapter, which auto never picks.
      expect(webgpu!.adapter).toMatchObject({ api: 'opengles', software: true });
      expect(report.webgpu.adapters.map((a) => a.api)).toEqual(['opengles']);
      expect(report.webgpu.missing.join(' ')).toMatch(/no Vulkan driver/);
      expect(wasm!.auto).toBe(false);
      expect(report.auto).toBe('cpu');
      for (const measured of [webgpu, wasm, cpu]) {
        expect(measured!.measurement!.matMulGflops).toBeGreaterThan(0);
        expect(measured!.measurement!.trainingStepMs).toBeGreaterThan(0);
      }
      expect(tf.getBackend()).toBe('cpu');
    },
    PARITY_TIMEOUT_MS,
  );
});
