package io.emoqwen.model.media;

/**
 * What a video file holds, read from its headers without decoding pictures.
 *
 * @param durationSeconds length of the video stream
 * @param fps average frame rate
 * @param frameCount frames in the video stream (counted from packets when the container does not say)
 * @param width picture width in pixels
 * @param height picture height in pixels
 * @param codec the video codec's short name, e.g. {@code h264}, {@code mpeg4}
 */
public record VideoProbe(double durationSeconds, double fps, int frameCount, int width, int height, String codec) {}
