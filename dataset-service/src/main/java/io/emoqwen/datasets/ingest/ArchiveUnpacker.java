package io.emoqwen.datasets.ingest;

import io.emoqwen.core.datasets.ValidationReport.RecordError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks zip, tar and tar.gz archives of media into the media folder, refusing what could hurt the worker: an
 * entry that would land outside the folder ({@code ../}, absolute paths, links), more bytes than the size limit,
 * or more than the ratio limit times the archive's own size (a zip bomb). A refused archive is removed whole
 * (nothing half-unpacked stays) and reported as a file-level error.
 */
final class ArchiveUnpacker {

  private final long maxUnpackedBytes;
  private final long maxRatio;
  private final int maxEntries;

  ArchiveUnpacker(long maxUnpackedBytes, long maxRatio, int maxEntries) {
    this.maxUnpackedBytes = maxUnpackedBytes;
    this.maxRatio = maxRatio;
    this.maxEntries = maxEntries;
  }

  static boolean isArchive(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".zip") || n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz");
  }

  /** Unpacks {@code archive} into {@code target}; returns the problems (empty when it unpacked). */
  List<RecordError> unpack(Path archive, String name, Path target) throws IOException {
    List<Path> written = new ArrayList<>();
    try {
      long budget = Math.min(maxUnpackedBytes, Math.max(Files.size(archive), 1) * maxRatio);
      String n = name.toLowerCase(Locale.ROOT);
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive))) {
        if (n.endsWith(".zip")) {
          unzip(raw, target, budget, written);
        } else {
          untar(n.endsWith(".tar") ? raw : new GZIPInputStream(raw), target, budget, written);
        }
      }
      return List.of();
    } catch (Refused e) {
      for (Path file : written) {
        Files.deleteIfExists(file);
      }
      return List.of(new RecordError(-1, null, name, e.getMessage()));
    } catch (IOException e) {
      for (Path file : written) {
        Files.deleteIfExists(file);
      }
      return List.of(new RecordError(-1, null, name, "not a readable archive: " + e.getMessage()));
    }
  }

  private void unzip(InputStream raw, Path target, long budget, List<Path> written) throws IOException {
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(raw)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (written.size() >= maxEntries) {
          throw new Refused("more than " + maxEntries + " entries");
        }
        if (entry.isDirectory()) {
          continue;
        }
        total += copy(zip, safePath(target, entry.getName()), budget - total, written);
      }
    }
  }

  private void untar(InputStream in, Path target, long budget, List<Path> written) throws IOException {
    long total = 0;
    byte[] header = new byte[512];
    while (in.readNBytes(header, 0, 512) == 512) {
      if (isZeros(header)) {
        return;
      }
      String name = field(header, 0, 100);
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
      char type = (char) header[156];
      long padded = (size + 511) / 512 * 512;
      if (type == '0' || type == 0) {
        if (written.size() >= maxEntries) {
          throw new Refused("more than " + maxEntries + " entries");
        }
        Path file = safePath(target, name);
        total += copy(new Bounded(in, size), file, budget - total, written);
        in.skipNBytes(padded - size);
      } else if (type == '5') {
        in.skipNBytes(padded);
      } else if (type == '1' || type == '2') {
        throw new Refused("entry " + name + " is a link; archives may hold plain files only");
      } else {
        in.skipNBytes(padded);
      }
    }
  }

  private Path safePath(Path target, String name) {
    String clean = name.replace('\\', '/');
    if (clean.startsWith("/") || clean.matches("^[A-Za-z]:.*") || List.of(clean.split("/")).contains("..")) {
      throw new Refused("entry '" + name + "' would be written outside the upload (absolute path or '..')");
    }
    Path file = target.resolve(clean).normalize();
    if (!file.startsWith(target)) {
      throw new Refused("entry '" + name + "' would be written outside the upload");
    }
    return file;
  }

  private long copy(InputStream in, Path file, long allowance, List<Path> written) throws IOException {
    Files.createDirectories(file.getParent());
    written.add(file);
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        total += n;
        if (total > allowance) {
          throw new Refused("unpacks to more than " + Math.min(maxUnpackedBytes, allowance) + " bytes (limits: "
              + maxUnpackedBytes + " bytes and " + maxRatio + "x the archive's size): refused as a possible zip bomb");
        }
        out.write(buffer, 0, n);
      }
    }
    return total;
  }

  private static boolean isZeros(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** Reads at most {@code remaining} bytes of the underlying stream (one tar entry). */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long remaining;

    Bounded(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }

  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }
}
