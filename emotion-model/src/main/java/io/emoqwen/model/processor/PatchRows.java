package io.emoqwen.model.processor;

import io.emoqwen.model.media.RgbImage;
import java.util.List;

/**
 * Normalises resized frames and cuts them into the vision encoder's patch rows in Qwen2-VL's layout:
 * rows ordered (temporal patch, merge-block row, merge-block column, row in block, column in block), so each
 * 2x2 merge group is four consecutive rows; inside a row the 1176 values run (channel, frame, y, x).
 */
final class PatchRows {

  private PatchRows() {}

  /**
   * @param frames resized frames of one size, a multiple of the temporal patch in number (an image passes
   *     itself twice)
   */
  static float[] of(List<RgbImage> frames, ProcessorConfig config) {
    int p = config.patchSize();
    int tp = config.temporalPatchSize();
    int m = config.mergeSize();
    RgbImage first = frames.get(0);
    int gridT = frames.size() / tp;
    int gridH = first.height() / p;
    int gridW = first.width() / p;
    float[][] lut = normalisationTable(config);
    float[] out = new float[gridT * gridH * gridW * 3 * tp * p * p];
    int o = 0;
    for (int t = 0; t < gridT; t++) {
      for (int bh = 0; bh < gridH / m; bh++) {
        for (int bw = 0; bw < gridW / m; bw++) {
          for (int mh = 0; mh < m; mh++) {
            for (int mw = 0; mw < m; mw++) {
              int y0 = (bh * m + mh) * p;
              int x0 = (bw * m + mw) * p;
              for (int c = 0; c < 3; c++) {
                for (int f = 0; f < tp; f++) {
                  byte[] rgb = frames.get(t * tp + f).rgb();
                  int width = first.width();
                  for (int y = y0; y < y0 + p; y++) {
                    int rowStart = (y * width + x0) * 3 + c;
                    for (int x = 0; x < p; x++) {
                      out[o++] = lut[c][rgb[rowStart + x * 3] & 0xff];
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** (v / 255 - mean) / std for every byte value, per channel: 768 floats instead of a division per value. */
  private static float[][] normalisationTable(ProcessorConfig config) {
    float[][] lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = (float) ((v / 255.0 - config.mean()[c]) / config.std()[c]);
      }
    }
    return lut;
  }
}
