import * as tf from '@tensorflow/tfjs-core';
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
import { cpuAdafactorUpdate } from './adafactor-update.js';
import { cpuAdamWUpdate } from './adamw-update.js';
import { createCpuBatchMatMul } from './batch-mat-mul.js';
import { createCpuBinaryOp } from './binary-op.js';
import { createCpuConcat } from './concat.js';
import { createCpuConv2D } from './conv2d.js';
import { createCpuConv2DBackpropFilter } from './conv2d-backprop-filter.js';
import { createCpuConv2DBackpropInput } from './conv2d-backprop-input.js';
import { createCpuFusedMatMul } from './fused-mat-mul.js';
import { cpuGeglu } from './geglu.js';
import { cpuGegluGrad } from './geglu-grad.js';
import { cpuGroupNorm } from './group-norm.js';
import { cpuGroupNormGrad } from './group-norm-grad.js';
import { cpuResizeNearestNeighborGrad } from './resize-nearest-neighbor-grad.js';
import { cpuSilu } from './silu.js';
import { cpuSiluGrad } from './silu-grad.js';
import { cpuSoftmaxLastAxis } from './softmax-last-axis.js';
import { cpuSoftmaxLastAxisGrad } from './softmax-last-axis-grad.js';
import { createCpuSplitV } from './split-v.js';
import { createCpuSum } from './sum.js';
import { cpuSumOfSquares } from './sum-of-squares.js';
import { createCpuTranspose } from './transpose.js';
import { createCpuUnaryOp } from './unary-op.js';
import { withEngineBlocks } from './engine-blocks.js';

/**
 * The cpu backend's kernels of ours (@tensorflow/tfjs-backend-cpu must be loaded): tfjs's own where they
 * are slow scalar loops (matrix products, convolutions and their gradients on the kernel engine's threads;
 * concat/split, broadcast add/sub/multiply, sums over axes, transposes, erf/exp/neg in JavaScript) or wrong
 * (ResizeNearestNeighborGrad at batch >= 2), and pixel's custom kernels (SiLU, GEGLU, softmax, GroupNorm, AdamW,
 * sum of squares). Each keeps its outputs in the kernel engine's memory where it has room (withEngineBlocks).
 */
export function registerCpuKernels(): void {
  install(tf.BatchMatMul, { wrapStock: createCpuBatchMatMul });
  install(tf._FusedMatMul, { wrapStock: createCpuFusedMatMul });
  install(tf.Conv2D, { wrapStock: createCpuConv2D });
  install(tf.FusedConv2D, { wrapStock: createCpuConv2D });
  install(tf.Conv2DBackpropFilter, { wrapStock: createCpuConv2DBackpropFilter });
  install(tf.Conv2DBackpropInput, { wrapStock: createCpuConv2DBackpropInput });
  install(tf.ResizeNearestNeighborGrad, cpuResizeNearestNeighborGrad);
  install(tf.Concat, { wrapStock: createCpuConcat });
  install(tf.SplitV, { wrapStock: createCpuSplitV });
  install(tf.Add, { wrapStock: createCpuBinaryOp('add') });
  install(tf.Sub, { wrapStock: createCpuBinaryOp('sub') });
  install(tf.Multiply, { wrapStock: createCpuBinaryOp('mul') });
  install(tf.Sum, { wrapStock: createCpuSum });
  install(tf.Transpose, { wrapStock: createCpuTranspose });
  install(tf.Erf, { wrapStock: createCpuUnaryOp('erf') });
  install(tf.Exp, { wrapStock: createCpuUnaryOp('exp') });
  install(tf.Neg, { wrapStock: createCpuUnaryOp('neg') });
  install(SILU, cpuSilu);
  install(SILU_GRAD, cpuSiluGrad);
  install(GEGLU, cpuGeglu);
  install(GEGLU_GRAD, cpuGegluGrad);
  install(SOFTMAX_LAST_AXIS, cpuSoftmaxLastAxis);
  install(SOFTMAX_LAST_AXIS_GRAD, cpuSoftmaxLastAxisGrad);
  install(GROUP_NORM, cpuGroupNorm as tf.KernelFunc);
  install(GROUP_NORM_GRAD, cpuGroupNormGrad as tf.KernelFunc);
  install(ADAMW_UPDATE, cpuAdamWUpdate as tf.KernelFunc);
  install(ADAFACTOR_UPDATE, cpuAdafactorUpdate as tf.KernelFunc);
  install(SUM_OF_SQUARES, cpuSumOfSquares);
}

/** Installs a cpu kernel of ours, its outputs kept in the engine's memory (withEngineBlocks). */
function install(
  kernelName: string,
  kernel: tf.KernelFunc | { wrapStock: (stock: tf.KernelFunc) => tf.KernelFunc },
): void {
  installKernel(
    kernelName,
    'cpu',
    typeof kernel === 'function'
      ? withEngineBlocks(kernel)
      : { wrapStock: (stock) => withEngineBlocks(kernel.wrapStock(stock)) },
  );
}
