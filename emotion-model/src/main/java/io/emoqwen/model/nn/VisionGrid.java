package io.emoqwen.model.nn;

import io.emoqwen.model.config.VisionConfig;
import io.emoqwen.model.input.VisualInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Geometry of one image or video as the vision encoder sees it, in plain ints: the window permutation, the
 * attention segments and each patch's 2-D position. Patch rows arrive in Qwen's processor order
 * (t, h/2, w/2, 2, 2): the four patches of one 2x2 merge unit are consecutive.
 */
record VisionGrid(
    int patches,
    int[] windowOrder,
    List<Integer> windowSegments,
    List<Integer> frameSegments,
    int[] rowPosition,
    int[] columnPosition) {

  static VisionGrid of(VisualInput input, VisionConfig config) {
    int merge = config.spatialMergeSize();
    int unit = config.mergeUnit();
    int t = input.gridT();
    int h = input.gridH();
    int w = input.gridW();
    int mh = h / merge;
    int mw = w / merge;
    int ws = config.windowMergeUnits();
    // Same padding rule as Qwen2.5-VL's get_window_index (a multiple of ws still gets one empty window).
    int windowsH = (mh + ws - mh % ws) / ws;
    int windowsW = (mw + ws - mw % ws) / ws;
    int[] order = new int[t * mh * mw];
    List<Integer> windows = new ArrayList<>();
    int next = 0;
    for (int f = 0; f < t; f++) {
      for (int wy = 0; wy < windowsH; wy++) {
        for (int wx = 0; wx < windowsW; wx++) {
          int count = 0;
          for (int r = 0; r < ws; r++) {
            for (int c = 0; c < ws; c++) {
              int y = wy * ws + r;
              int x = wx * ws + c;
              if (y < mh && x < mw) {
                order[next++] = f * mh * mw + y * mw + x;
                count++;
              }
            }
          }
          if (count > 0) {
            windows.add(count * unit);
          }
        }
      }
    }
    List<Integer> frames = new ArrayList<>();
    for (int f = 0; f < t; f++) {
      frames.add(h * w);
    }
    int n = t * h * w;
    int[] rows = new int[n];
    int[] cols = new int[n];
    int p = 0;
    for (int f = 0; f < t; f++) {
      for (int by = 0; by < mh; by++) {
        for (int bx = 0; bx < mw; bx++) {
          for (int i = 0; i < merge; i++) {
            for (int j = 0; j < merge; j++) {
              rows[p] = by * merge + i;
              cols[p] = bx * merge + j;
              p++;
            }
          }
        }
      }
    }
    return new VisionGrid(n, order, windows, frames, rows, cols);
  }
}
