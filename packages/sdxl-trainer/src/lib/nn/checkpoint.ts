import * as tf from '@tensorflow/tfjs-core';
import type { Module } from './module.js';

/**
 * Receives a checkpointed block's parameter gradients as soon as its backward pass computes them (a fused
 * backward pass: the optimizer updates those parameters there and then). The gradients are freed when it
 * returns.
 */
export type GradientSink = (variables: tf.Variable[], grads: tf.Tensor[]) => void;

/**
 * Gradient checkpointing (PyTorch's `torch.utils.checkpoint.checkpoint`) for one module call:
 * `forward(...inputs)` runs without recording its intermediate tensors for the backward pass, so only the
 * inputs and the output stay alive; the backward pass runs the forward again and differentiates that.
 * Values and gradients equal the plain call's when `forward` is deterministic (no dropout, no sampling).
 *
 * How: a `tf.customGrad` op whose inputs are `inputs` and every variable of `module`. Inside a custom op's
 * forward the engine records nothing on the tape (its kernel depth is above zero) and tidies the
 * intermediates away. Its gradient function recomputes `forward` under a fresh tape and returns the
 * gradients of the inputs and of the variables; because the variables are inputs of the op, their
 * gradients reach the enclosing `tf.variableGrads` like any other.
 *
 * With a `sink` (a fused backward pass), the variables are not inputs of the op: their gradients go to the
 * sink inside the gradient function and are freed right after, so the enclosing `tf.variableGrads` never
 * sees them and no more than one block's parameter gradients exist at a time.
 */
export function checkpoint<Output extends tf.Tensor>(
  module: Module,
  inputs: tf.Tensor[],
  forward: (...inputs: tf.Tensor[]) => Output,
  sink?: GradientSink,
): Output {
  const variables = module.trainableVariables();
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    // The engine keeps saved tensors (without copying their data) until the backward pass has used them.
    save(inputs);
    return {
      value: forward(...inputs),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        recomputeGradients(forward, saved, variables, dy, sink),
    };
  });
  return (sink ? op(...inputs) : op(...inputs, ...variables)) as Output;
}

/**
 * Gradients of `forward(...inputs)` weighted by `dy`, for each input then each variable; with a sink, the
 * variables' go to it and only the inputs' are returned.
 */
function recomputeGradients(
  forward: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  variables: tf.Variable[],
  dy: tf.Tensor,
  sink: GradientSink | undefined,
): tf.Tensor[] {
  const engine = tf.engine();
  if (engine.state.gradientDepth > 0) {
    throw new Error(
      'Gradient checkpointing supports first-order gradients only (the backward pass is being recorded, as for a gradient of a gradient).',
    );
  }
  // The outer backward pass is walking its own tape, whose saved tensors it frees when it ends; the
  // nested gradient below starts a new tape and sets the engine's tape to null when done, so the outer
  // one is put back.
  const outerTape = engine.state.activeTape;
  try {
    // Everything the recomputation allocates (its activations, its output) is freed here, one block at a time.
    return tf.tidy(() => {
      const sources = [...inputs, ...variables];
      const { grads } = engine.gradients(() => forward(...inputs), sources, dy, true);
      const all = grads.map((grad, index) => grad ?? tf.zerosLike(sources[index]!));
      if (!sink) return all;
      sink(variables, all.slice(inputs.length));
      return all.slice(0, inputs.length);
    });
  } finally {
    engine.state.activeTape = outerTape;
  }
}
