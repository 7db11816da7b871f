// tfjs-core ships its gradient functions only as extension-less ESM files that Node cannot load; the
// @tensorflow/tfjs package's Node bundle registers all of them (into tfjs-core's global registry) when
// imported. Without this, tf.variableGrads fails with "gradient function not found" on the cpu backend.
import '@tensorflow/tfjs';
