package io.emoqwen.model.checkpoint;

import ai.djl.ndarray.types.DataType;

/** The floating-point element types a checkpoint may hold, by their safetensors names. */
public enum TensorType {
  F32(4, "float32"),
  F16(2, "float16"),
  BF16(2, "bfloat16");

  private final int bytes;
  private final String torchName;

  TensorType(int bytes, String torchName) {
    this.bytes = bytes;
    this.torchName = torchName;
  }

  public int bytes() {
    return bytes;
  }

  /** The name config.json's torch_dtype uses. */
  public String torchName() {
    return torchName;
  }

  public static TensorType of(String safetensorsName) {
    try {
      return valueOf(safetensorsName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unsupported tensor type " + safetensorsName + " (F32, F16, BF16 only)");
    }
  }

  /**
   * The type DJL holds such a tensor in: bf16 cannot exist in DJL's PyTorch engine (creating one aborts the
   * JVM), so it is widened to fp32 on the way in.
   */
  public DataType heldAs() {
    return this == F16 ? DataType.FLOAT16 : DataType.FLOAT32;
  }
}
