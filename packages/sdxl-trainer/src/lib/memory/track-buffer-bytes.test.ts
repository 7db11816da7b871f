import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { trackBufferBytes } from './track-buffer-bytes.js';

describe('trackBufferBytes', () => {
  it('counts each data buffer once, where tf.memory().numBytes counts every tensor that views it', () => {
    const before = tf.memory().numBytes;
    const tracker = trackBufferBytes();
    const a = tf.zeros([256]); // 1 KiB
    const views = [a.clone(), tf.reshape(a, [16, 16])];
    expect(tracker.live).toBe(1024);
    expect(tf.memory().numBytes - before).toBe(3 * 1024);
    const b = tf.neg(a);
    expect(tracker.live).toBe(2048);
    a.dispose();
    // The views keep the buffer alive.
    expect(tracker.live).toBe(2048);
    tf.dispose(views);
    expect(tracker.live).toBe(1024);
    expect(tracker.peak).toBe(2048);
    tracker.resetPeak();
    expect(tracker.peak).toBe(1024);
    b.dispose();
    tracker.stop();
  });

  it('ignores buffers from before it started, follows a variable assigned new values, and stops', () => {
    const old = tf.ones([100]);
    const variable = tf.variable(tf.zeros([100]));
    const seen: number[] = [];
    const tracker = trackBufferBytes((live) => seen.push(live));
    old.dispose();
    expect(tracker.live).toBe(0);
    tf.tidy(() => variable.assign(tf.neg(variable)));
    expect(tracker.live).toBe(400);
    expect(seen).toEqual([400]);
    variable.dispose();
    expect(tracker.live).toBe(0);
    tracker.stop();
    tf.dispose(tf.zeros([10]));
    expect(seen).toEqual([400]);
    expect(tracker.peak).toBe(400);
  });
});
