import * as tf from '@tensorflow/tfjs-core';

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
  const splitHeads = (tensor: tf.Tensor3D, tokens: number): tf.Tensor4D =>
    tf.transpose(tf.reshape(tensor, [batch, tokens, heads, headDim]), [0, 2, 1, 3]);
  // Scaling q (not the scores) is what PyTorch's baddbmm(alpha=scale) amounts to, on fewer elements.
  const scaledQuery = splitHeads(tf.mul(query, 1 / Math.sqrt(headDim)), queryTokens);
  let scores: tf.Tensor4D = tf.matMul(scaledQuery, splitHeads(key, keyTokens), false, true);
  if (additiveMask !== undefined) {
    scores = tf.add(scores, additiveMask);
  }
  const attended = tf.matMul(tf.softmax(scores), splitHeads(value, keyTokens));
  return tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [batch, queryTokens, width]);
}
