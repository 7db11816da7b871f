// The upper bounds of the size flags of `pixel model train sdxl`, each derived from what one training
// process can run; a value past one is refused before anything is loaded, with the limit and its reason.

/**
 * Samples a dataset can hold: rows are indexed with 32-bit unsigned integers (`epochOrder` and the
 * --max_train_samples subset are Uint32Arrays), so counts of samples or batches stay below 2^32.
 */
export const MAX_SAMPLES = 2 ** 32 - 1;

/**
 * Optimizer steps a run can take. A full-size SDXL step cannot be faster than reading and writing its
 * 41 GB of float32 weights, gradients and AdamW moments once: ~10 ms at the 4-5 TB/s of the fastest
 * accelerators today. 2^31 - 1 steps are then 8 months of uninterrupted training at the very least
 * (decades at the ~1 s a step really takes). Keeping steps, epochs and intervals below it keeps every
 * count derived from them exact; planTraining refuses epochs that multiply past it.
 */
export const MAX_STEPS = 2 ** 31 - 1;

/**
 * SDXL's largest training size (its aspect-ratio buckets reach 2048 x 512). Beyond it the attention
 * grows out of any accelerator: at 4096 px the first attention level has (4096 / 16)^2 = 65536 tokens, so a
 * single self-attention score matrix is 65536^2 x 10 heads x 4 bytes = 172 GB per image, more than the
 * largest single accelerator holds (H200: 141 GB, B200: 192 GB), with more elements (4.3e10) than a
 * JavaScript typed array can hold (2^32 in Node.js 20), which is where tfjs keeps a tensor's values.
 */
export const MAX_RESOLUTION = 2048;

/**
 * Pixels one batch may hold, 2^26 = 64 images of 1024 x 1024. Full-size SDXL needs ~4.5 GB of activations
 * per 1024 x 1024 image even with --gradient_checkpointing (see the README) on top of 41 GB of weights,
 * gradients and AdamW moments, so the largest single accelerator (192 GB) fits about 33; activations grow at
 * least with the pixel count (convolutions; attention grows faster), so twice that many pixels bounds every
 * resolution: 256 images of 512 x 512, 16384 of 64 x 64.
 */
export const MAX_BATCH_PIXELS = 2 ** 26;

/**
 * Images decoded at once ahead of use: sharp decodes on Node's libuv thread pool, which has at most 1024
 * threads (UV_THREADPOOL_SIZE is capped there), so more could never decode concurrently.
 */
export const MAX_DATALOADER_WORKERS = 1024;

/**
 * Validation images per validation: each is 50 UNet passes at --resolution (25 Euler steps, two passes for
 * guidance). 1024 of them take about as long as 17,000 training steps (a step is ~3 passes), at every
 * validation, past which validating would outlast training.
 */
export const MAX_VALIDATION_IMAGES = 1024;
