import * as tf from '@tensorflow/tfjs-core';
import { softmaxLastAxis } from '../ops/softmax-last-axis.js';

/**
 * Multi-head softmax(q k^T / sqrt(d) + mask) v on [batch, tokens, heads * headDim] tensors; returns
 * [batch, queryTokens, heads * headDim]. `additiveMask` (e.g. CLIP's causal mask) broadcasts to
 * [batch, heads, queryTokens, keyTokens].
 */
export function scaledDotProductAttention(
  query: tf.Tensor3D,
  key: tf.Tensor3D,
  value: tf.Tensor3D,
  heads: number,
  additiveMask?: tf.Tensor,
): tf.Tensor3D {
  const [batch, queryTokens, width] = query.shape;
  const keyTokens = key.shape[1];
  const headDim = width / heads;
  // [batch, tokens, heads * headDim] -> [batch * heads, tokens, headDim]
  const splitHeads = (tensor: tf.Tensor3D, tokens: number): tf.Tensor3D =>
    tf.reshape(tf.transpose(tf.reshape(tensor, [batch, tokens, heads, headDim]), [0, 2, 1, 3]), [
      batch * heads,
      tokens,
      headDim,
    ]);
  // Scaling q (not the scores) is what PyTorch's baddbmm(alpha=scale) amounts to, on fewer elements.
  const scaledQuery = splitHeads(tf.mul(query, 1 / Math.sqrt(headDim)), queryTokens);
  let scores: tf.Tensor = tf.matMul(scaledQuery, splitHeads(key, keyTokens), false, true);
  if (additiveMask !== undefined) {
    const perHead = tf.add(tf.reshape(scores, [batch, heads, queryTokens, keyTokens]), additiveMask);
    scores = tf.reshape(perHead, [batch * heads, queryTokens, keyTokens]);
  }
  const attended = tf.matMul(softmaxLastAxis(scores) as tf.Tensor3D, splitHeads(value, keyTokens));
  const merged = tf.transpose(tf.reshape(attended, [batch, heads, queryTokens, headDim]), [0, 2, 1, 3]);
  return tf.reshape(merged, [batch, queryTokens, width]);
}
