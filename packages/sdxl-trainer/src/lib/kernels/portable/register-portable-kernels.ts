import type * as tf from '@tensorflow/tfjs-core';
import {
  ADAFACTOR_UPDATE,
  ADAMW_UPDATE,
  GEGLU,
  GEGLU_GRAD,
  GROUP_NORM,
  GROUP_NORM_GRAD,
  SILU,
  SILU_GRAD,
  SOFTMAX_LAST_AXIS,
  SOFTMAX_LAST_AXIS_GRAD,
  SUM_OF_SQUARES,
} from '../../ops/kernel-names.js';
import { installKernel } from '../install-kernel.js';
import { portableAdafactorUpdate } from './adafactor-update.js';
import { portableAdamWUpdate } from './adamw-update.js';
import { portableGeglu } from './geglu.js';
import { portableGegluGrad } from './geglu-grad.js';
import { portableGroupNorm } from './group-norm.js';
import { portableGroupNormGrad } from './group-norm-grad.js';
import { portableSilu } from './silu.js';
import { portableSiluGrad } from './silu-grad.js';
import { portableSoftmaxLastAxis } from './softmax-last-axis.js';
import { portableSoftmaxLastAxisGrad } from './softmax-last-axis-grad.js';
import { portableSumOfSquares } from './sum-of-squares.js';

const PORTABLE_KERNELS: ReadonlyArray<[string, tf.KernelFunc]> = [
  [SILU, portableSilu],
  [SILU_GRAD, portableSiluGrad],
  [GEGLU, portableGeglu],
  [GEGLU_GRAD, portableGegluGrad],
  [SOFTMAX_LAST_AXIS, portableSoftmaxLastAxis],
  [SOFTMAX_LAST_AXIS_GRAD, portableSoftmaxLastAxisGrad],
  [GROUP_NORM, portableGroupNorm as tf.KernelFunc],
  [GROUP_NORM_GRAD, portableGroupNormGrad as tf.KernelFunc],
  [ADAMW_UPDATE, portableAdamWUpdate as tf.KernelFunc],
  [ADAFACTOR_UPDATE, portableAdafactorUpdate as tf.KernelFunc],
  [SUM_OF_SQUARES, portableSumOfSquares],
];

/**
 * Pixel's custom kernels made of tfjs ops, for `backendName`: any backend runs them. A backend with faster
 * ones of its own registers those after these.
 */
export function registerPortableKernels(backendName: string): void {
  for (const [kernelName, kernelFunc] of PORTABLE_KERNELS) installKernel(kernelName, backendName, kernelFunc);
}
