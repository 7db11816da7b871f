import { runPixel } from '../test-support/run-pixel.js';

describe('pixel doctor', () => {
  it('lists every backend, why the native ones are missing, the WebGPU adapters, cores, memory and free disk', async () => {
    const run = await runPixel(['doctor', '--no-measure']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Machine {2}.*, \d+ cores; [\d.]+ GiB memory/m);
    expect(run.stdout).toMatch(/^Disk {5}output \(--output_dir\) .*: [\d.]+ \w+ free$/m);
    expect(run.stdout).toMatch(/^webgpu +yes \(software adapter\) +yes$/m);
    expect(run.stdout).toMatch(/^wasm +yes +no \(by name only\)$/m);
    expect(run.stdout).toMatch(/^cpu +yes +yes$/m);
    expect(run.stdout).toContain('auto picks: cpu.');
    expect(run.stdout).toMatch(/- tensorflow-gpu: .*`pnpm rebuild @tensorflow\/tfjs-node-gpu`/);
    expect(run.stdout).toMatch(/- llvmpipe.*software rasteriser.*one tensor at most \d+ MiB/);
  }, 120_000);

  it('measures each available backend and prints JSON for scripts', async () => {
    const run = await runPixel(['doctor', '--seconds', '1', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      machine: { cores: number };
      backends: { choice: string; available: boolean; measurement?: { trainingStepMs: number } }[];
      auto: string;
    };
    expect(report.machine.cores).toBeGreaterThan(0);
    const measured = report.backends
      .filter((backend) => backend.measurement)
      .map((backend) => backend.choice);
    expect(measured).toEqual(report.backends.filter((b) => b.available).map((b) => b.choice));
    expect(measured).toEqual(expect.arrayContaining(['cpu', 'wasm', 'webgpu']));
  }, 300_000);

  it('refuses a measurement time it cannot keep, as a usage error', async () => {
    const run = await runPixel(['doctor', '--seconds', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--seconds must be a number from 1 to 120, got 0.');
  });
});
