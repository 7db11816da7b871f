/**
 * `torch.cumprod(1 - betas, 0)` in float32 as PyTorch's CPU kernel does it: 1 - beta rounded to
 * float32, the running product kept in double, each output rounded to float32.
 */
export function cumulativeAlphas(betas: Float32Array): Float32Array {
  const alphasCumprod = new Float32Array(betas.length);
  let product = 1;
  betas.forEach((beta, index) => {
    product *= Math.fround(1 - beta);
    alphasCumprod[index] = product;
  });
  return alphasCumprod;
}
