/**
 * Neural-network building blocks (`src/lib/nn/`): design note.
 *
 * Naming. A module owns named parameters and named child modules. A parameter's key is the dotted path
 * of child names down to it, exactly the diffusers / transformers `state_dict()` key
 * (`down_blocks.1.attentions.0.proj_in.weight`). Lists are children whose names carry the index
 * (`this.child('resnets.0', ...)`, `this.child('to_out.0', ...)`), so no list class is needed and the
 * key of every parameter follows from the construction code alone.
 *
 * Describing without allocating. Constructors only declare parameters (`this.parameter(name, shape, ...)`,
 * shape in the PyTorch state_dict layout); no tensor exists until weights are loaded or initialised.
 * `parameterSpec()` therefore lists every key and shape of a full-size SDXL UNet (2.6 G parameters) in
 * milliseconds, and `parameterCount()` sums them.
 *
 * Loading. `parameterMap().get(key).setFromDiffusers(tensor)` converts one state_dict tensor to the in-memory layout and makes it
 * a `tf.Variable`; the caller disposes its tensor right after, so a loader that reads one tensor at a time
 * never holds two full copies of the weights. `missingKeys()` names what was never loaded.
 *
 * Layout. Images between blocks are NHWC ([batch, height, width, channels]), which the tfjs cpu backend's
 * conv2d wants; models convert at their public boundary (diffusers' NCHW). Conv weights are stored as
 * [kh, kw, in, out] (`conv-hwio`, transposed once at load), linear weights as PyTorch's [out, in] (matMul
 * with transposeB costs nothing extra). `Parameter.toDiffusersLayout` converts values and gradients back.
 * Token sequences are [batch, tokens, channels].
 *
 * Backends. Model code is written once, with tfjs ops and pixel's own (`ops/`: SiLU, GroupNorm, softmax,
 * ...); it never asks which backend runs. What is fast or correct on one backend is a kernel registered for
 * it (`kernels/<backend>/`).
 *
 * Memory. `forward` methods allocate intermediates freely; callers wrap them in `tf.tidy` (or
 * `tf.variableGrads`, which tidies) so nothing leaks across steps. A block whose `forward` goes through
 * `checkpoint` (gradient checkpointing) keeps only its inputs for the backward pass and recomputes the rest.
 */
import type * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { Parameter, type ParameterInit, type ParameterLayout } from './parameter.js';

/** One entry of a module's parameter list: diffusers state_dict key and PyTorch shape. */
export interface ParameterSpecEntry {
  key: string;
  shape: number[];
}

export abstract class Module {
  private readonly ownParameters = new Map<string, Parameter>();
  private readonly children = new Map<string, Module>();

  /** Declares a parameter (no memory is allocated). */
  protected parameter(
    name: string,
    shape: number[],
    init: ParameterInit,
    layout: ParameterLayout = 'as-is',
  ): Parameter {
    const parameter = new Parameter(shape, layout, init);
    this.ownParameters.set(name, parameter);
    return parameter;
  }

  /** Registers a child module under `name` (which may contain an index, e.g. `resnets.0`). */
  protected child<T extends Module>(name: string, module: T): T {
    this.children.set(name, module);
    return module;
  }

  /** Every parameter with its state_dict key, in registration order (diffusers' state_dict order). */
  *namedParameters(prefix = ''): Generator<[string, Parameter]> {
    for (const [name, parameter] of this.ownParameters) {
      yield [prefix + name, parameter];
    }
    for (const [name, module] of this.children) {
      yield* module.namedParameters(`${prefix}${name}.`);
    }
  }

  parameterSpec(): ParameterSpecEntry[] {
    return [...this.namedParameters()].map(([key, parameter]) => ({ key, shape: [...parameter.shape] }));
  }

  parameterCount(): number {
    let count = 0;
    for (const [, parameter] of this.namedParameters()) {
      count += parameter.size;
    }
    return count;
  }

  /** All parameters as a key -> Parameter map, for loading and optimisers. */
  parameterMap(): Map<string, Parameter> {
    return new Map(this.namedParameters());
  }

  /** Trainable variables in `namedParameters` order (for `tf.variableGrads` and optimisers). */
  trainableVariables(): tf.Variable[] {
    return [...this.namedParameters()].map(([, parameter]) => parameter.variable);
  }

  /** Random initialisation like PyTorch's defaults; deterministic for a given seed. Returns the module. */
  initialise(seed = 0): this {
    let index = 0;
    for (const [, parameter] of this.namedParameters()) {
      parameter.initialise(seed * 100_003 + index);
      index += 1;
    }
    return this;
  }

  /** Keys whose parameter has no value yet (after loading, these were absent from the checkpoint). */
  missingKeys(): string[] {
    return [...this.namedParameters()].filter(([, parameter]) => !parameter.isAllocated).map(([key]) => key);
  }

  dispose(): void {
    for (const [, parameter] of this.namedParameters()) {
      parameter.dispose();
    }
  }
}
