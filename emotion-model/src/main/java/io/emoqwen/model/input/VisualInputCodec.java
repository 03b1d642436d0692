package io.emoqwen.model.input;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary format of training-ready shards: a list of {@link VisualInput}s, written once by dataset ingest
 * and read by training and evaluation, so no video is decoded twice.
 *
 * <pre>
 * shard   = "EQVS" u8:formatVersion(1) i32:count i64[count+1]:offsets  entry*
 *           (offsets from the start of the shard; entry i spans offsets[i] .. offsets[i+1])
 * entry   = i32:gridT i32:gridH i32:gridW u8:video f64:secondsPerGridT u8:encoding payload
 * payload = encoding 0 (FLOAT32): gridT*gridH*gridW*1176 f32
 *         | encoding 1 (UINT8):   f64[3]:mean f64[3]:std, then one byte per value
 * </pre>
 * Big-endian throughout. UINT8 is lossless: the processor makes every value as
 * {@code (float) ((v / 255.0 - mean[c]) / std[c])} from an 8-bit pixel v (channel c = column / 392 of the
 * 1176-wide row), so the writer stores v when that formula gives back the exact float, and falls back to FLOAT32
 * for an input where it does not (4x smaller shards for everything the processor made).
 */
public final class VisualInputCodec {

  private static final byte[] MAGIC = {'E', 'Q', 'V', 'S'};
  private static final int FORMAT_VERSION = 1;
  private static final int FLOAT32 = 0;
  private static final int UINT8 = 1;
  private static final int VALUES_PER_CHANNEL = VisualInput.PATCH_ROW_WIDTH / 3;
  private static final int ENTRY_HEADER = 4 * 3 + 1 + 8 + 1;

  private VisualInputCodec() {}

  /** Writes the inputs as FLOAT32 entries. */
  public static void write(OutputStream out, List<VisualInput> inputs) throws IOException {
    write(out, inputs, null, null);
  }

  /**
   * Writes the inputs, as UINT8 entries where {@code mean}/{@code std} (the processor configuration's) reproduce
   * every value exactly, else FLOAT32. The stream is not closed.
   */
  public static void write(OutputStream out, List<VisualInput> inputs, double[] mean, double[] std)
      throws IOException {
    List<byte[]> compact = new ArrayList<>(inputs.size());
    long[] offsets = new long[inputs.size() + 1];
    offsets[0] = MAGIC.length + 1 + 4 + 8L * (inputs.size() + 1);
    for (int i = 0; i < inputs.size(); i++) {
      VisualInput input = inputs.get(i);
      byte[] pixels = mean == null ? null : asPixels(input.patches(), mean, std);
      compact.add(pixels);
      long payload = pixels == null ? 4L * input.patches().length : 48L + pixels.length;
      offsets[i + 1] = offsets[i] + ENTRY_HEADER + payload;
    }
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    data.write(MAGIC);
    data.writeByte(FORMAT_VERSION);
    data.writeInt(inputs.size());
    for (long offset : offsets) {
      data.writeLong(offset);
    }
    for (int i = 0; i < inputs.size(); i++) {
      VisualInput input = inputs.get(i);
      data.writeInt(input.gridT());
      data.writeInt(input.gridH());
      data.writeInt(input.gridW());
      data.writeByte(input.video() ? 1 : 0);
      data.writeDouble(input.secondsPerGridT());
      byte[] pixels = compact.get(i);
      if (pixels == null) {
        data.writeByte(FLOAT32);
        ByteBuffer buffer = ByteBuffer.allocate(input.patches().length * 4).order(ByteOrder.BIG_ENDIAN);
        buffer.asFloatBuffer().put(input.patches());
        data.write(buffer.array());
      } else {
        data.writeByte(UINT8);
        for (double m : mean) {
          data.writeDouble(m);
        }
        for (double s : std) {
          data.writeDouble(s);
        }
        data.write(pixels);
      }
    }
    data.flush();
  }

  /** Every input of a shard, in order. */
  public static List<VisualInput> readAll(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int count = readHeader(data);
    for (int i = 0; i <= count; i++) {
      data.readLong();
    }
    List<VisualInput> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(readEntry(data));
    }
    return out;
  }

  /** Entries in a shard file. */
  public static int count(Path shard) throws IOException {
    try (FileChannel channel = FileChannel.open(shard, StandardOpenOption.READ)) {
      ByteBuffer head = readFully(channel, 0, MAGIC.length + 1 + 4);
      return checkHeader(head);
    }
  }

  /** Entry {@code index} of a shard file, reading only its bytes (training reads shards at random). */
  public static VisualInput read(Path shard, int index) throws IOException {
    try (FileChannel channel = FileChannel.open(shard, StandardOpenOption.READ)) {
      int count = checkHeader(readFully(channel, 0, MAGIC.length + 1 + 4));
      if (index < 0 || index >= count) {
        throw new IndexOutOfBoundsException("shard " + shard + " holds " + count + " entries, asked for " + index);
      }
      ByteBuffer bounds = readFully(channel, MAGIC.length + 1 + 4 + 8L * index, 16);
      long start = bounds.getLong();
      long end = bounds.getLong();
      ByteBuffer entry = readFully(channel, start, Math.toIntExact(end - start));
      return readEntry(new DataInputStream(new java.io.ByteArrayInputStream(entry.array())));
    }
  }

  private static byte[] asPixels(float[] patches, double[] mean, double[] std) {
    float[][] lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = normalised(v, mean[c], std[c]);
      }
    }
    byte[] out = new byte[patches.length];
    for (int i = 0; i < patches.length; i++) {
      int c = (i % VisualInput.PATCH_ROW_WIDTH) / VALUES_PER_CHANNEL;
      float value = patches[i];
      long v = Math.round((value * std[c] + mean[c]) * 255.0);
      if (v < 0 || v > 255 || lut[c][(int) v] != value) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static float normalised(int v, double mean, double std) {
    return (float) ((v / 255.0 - mean) / std);
  }

  private static VisualInput readEntry(DataInputStream data) throws IOException {
    int gridT = data.readInt();
    int gridH = data.readInt();
    int gridW = data.readInt();
    boolean video = data.readUnsignedByte() == 1;
    double secondsPerGridT = data.readDouble();
    int encoding = data.readUnsignedByte();
    int values = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(gridT, gridH), gridW), VisualInput.PATCH_ROW_WIDTH);
    float[] patches = new float[values];
    if (encoding == FLOAT32) {
      byte[] raw = new byte[Math.multiplyExact(values, 4)];
      data.readFully(raw);
      ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(patches);
    } else if (encoding == UINT8) {
      double[] mean = {data.readDouble(), data.readDouble(), data.readDouble()};
      double[] std = {data.readDouble(), data.readDouble(), data.readDouble()};
      float[][] lut = new float[3][256];
      for (int c = 0; c < 3; c++) {
        for (int v = 0; v < 256; v++) {
          lut[c][v] = normalised(v, mean[c], std[c]);
        }
      }
      byte[] raw = new byte[values];
      data.readFully(raw);
      for (int i = 0; i < values; i++) {
        patches[i] = lut[(i % VisualInput.PATCH_ROW_WIDTH) / VALUES_PER_CHANNEL][raw[i] & 0xff];
      }
    } else {
      throw new IOException("unknown visual input encoding " + encoding + " in shard");
    }
    return new VisualInput(patches, gridT, gridH, gridW, video, secondsPerGridT);
  }

  private static int readHeader(DataInputStream data) throws IOException {
    byte[] head = new byte[MAGIC.length + 1 + 4];
    data.readFully(head);
    return checkHeader(ByteBuffer.wrap(head));
  }

  private static int checkHeader(ByteBuffer head) throws IOException {
    for (byte b : MAGIC) {
      if (head.get() != b) {
        throw new IOException("not a visual input shard (bad magic)");
      }
    }
    int version = head.get() & 0xff;
    if (version != FORMAT_VERSION) {
      throw new IOException("visual input shard format " + version + " is not " + FORMAT_VERSION);
    }
    return head.getInt();
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException("shard ends early");
      }
    }
    return buffer.flip();
  }
}
