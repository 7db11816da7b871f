// A convolution's geometry for the packing functions, read from the task's arguments by `run`.

@unmanaged
export class Geometry {
  batch: i32 = 0;
  height: i32 = 0;
  width: i32 = 0;
  channels: i32 = 0;
  kernelHeight: i32 = 0;
  kernelWidth: i32 = 0;
  strideHeight: i32 = 0;
  strideWidth: i32 = 0;
  padTop: i32 = 0;
  padLeft: i32 = 0;
  outHeight: i32 = 0;
  outWidth: i32 = 0;
  outChannels: i32 = 0;
}

let current: Geometry = changetype<Geometry>(0);

/** The geometry of the task in hand (memory written by the caller, never freed). */
export function geometry(): Geometry {
  return current;
}

export function setGeometry(at: usize): void {
  current = changetype<Geometry>(at);
}
