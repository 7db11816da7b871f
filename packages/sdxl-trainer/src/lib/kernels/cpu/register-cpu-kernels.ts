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

/**
 * The cpu backend's kernels of ours (@tensorflow/tfjs-backend-cpu must be loaded): tfjs's own where they
 * are slow scalar loops (matrix products, convolutions and their gradients on the kernel engine's threads;
 * concat/split, broadcast add/sub/multiply, sums over axes, transposes, erf/exp/neg in JavaScript) or wrong
 * (ResizeNearestNeighborGrad at batch >= 2), and pixel's custom kernels (SiLU, GEGLU, softmax, GroupNorm, AdamW,
 * sum of squares).
 */
export function registerCpuKernels(): void {
  const backend = 'cpu';
  installKernel(tf.BatchMatMul, backend, { wrapStock: createCpuBatchMatMul });
  installKernel(tf._FusedMatMul, backend, { wrapStock: createCpuFusedMatMul });
  installKernel(tf.Conv2D, backend, { wrapStock: createCpuConv2D });
  installKernel(tf.FusedConv2D, backend, { wrapStock: createCpuConv2D });
  installKernel(tf.Conv2DBackpropFilter, backend, { wrapStock: createCpuConv2DBackpropFilter });
  installKernel(tf.Conv2DBackpropInput, backend, { wrapStock: createCpuConv2DBackpropInput });
  installKernel(tf.ResizeNearestNeighborGrad, backend, cpuResizeNearestNeighborGrad);
  installKernel(tf.Concat, backend, { wrapStock: createCpuConcat });
  installKernel(tf.SplitV, backend, { wrapStock: createCpuSplitV });
  installKernel(tf.Add, backend, { wrapStock: createCpuBinaryOp('add') });
  installKernel(tf.Sub, backend, { wrapStock: createCpuBinaryOp('sub') });
  installKernel(tf.Multiply, backend, { wrapStock: createCpuBinaryOp('mul') });
  installKernel(tf.Sum, backend, { wrapStock: createCpuSum });
  installKernel(tf.Transpose, backend, { wrapStock: createCpuTranspose });
  installKernel(tf.Erf, backend, { wrapStock: createCpuUnaryOp('erf') });
  installKernel(tf.Exp, backend, { wrapStock: createCpuUnaryOp('exp') });
  installKernel(tf.Neg, backend, { wrapStock: createCpuUnaryOp('neg') });
  installKernel(SILU, backend, cpuSilu);
  installKernel(SILU_GRAD, backend, cpuSiluGrad);
  installKernel(GEGLU, backend, cpuGeglu);
  installKernel(GEGLU_GRAD, backend, cpuGegluGrad);
  installKernel(SOFTMAX_LAST_AXIS, backend, cpuSoftmaxLastAxis);
  installKernel(SOFTMAX_LAST_AXIS_GRAD, backend, cpuSoftmaxLastAxisGrad);
  installKernel(GROUP_NORM, backend, cpuGroupNorm as tf.KernelFunc);
  installKernel(GROUP_NORM_GRAD, backend, cpuGroupNormGrad as tf.KernelFunc);
  installKernel(ADAMW_UPDATE, backend, cpuAdamWUpdate as tf.KernelFunc);
  installKernel(ADAFACTOR_UPDATE, backend, cpuAdafactorUpdate as tf.KernelFunc);
  installKernel(SUM_OF_SQUARES, backend, cpuSumOfSquares);
}
