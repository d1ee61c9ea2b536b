package dev.anneal.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST from its IDX files: looked for in the configured directory, then where Debian's
 * {@code dataset-fashion-mnist} installs them, then downloaded from the dataset's official mirror. Every file is
 * checked against the SHA-256 of its decompressed content (so a re-compressed copy, as Debian ships, is accepted),
 * and pixels are normalised with the training set's mean and standard deviation.
 */
final class FashionMnist {

    static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static final URI MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    static final float MEAN = 0.2860f;
    static final float STD = 0.3530f;

    /** The four files, in the order they are checked, and the SHA-256 of each one's decompressed bytes. */
    static final Map<String, String> FILES = files();

    private static Map<String, String> files() {
        var files = new LinkedHashMap<String, String>();
        files.put("train-images-idx3-ubyte.gz", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
        files.put("train-labels-idx1-ubyte.gz", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
        files.put("t10k-images-idx3-ubyte.gz", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
        files.put("t10k-labels-idx1-ubyte.gz", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
        return java.util.Collections.unmodifiableMap(files);
    }

    private final Path configuredDir;
    private final Path systemDir;
    private final Path downloadDir;
    private final URI mirror;

    FashionMnist(Path configuredDir, Path downloadDir) {
        this(configuredDir, DEBIAN_DIR, downloadDir, MIRROR);
    }

    FashionMnist(Path configuredDir, Path systemDir, Path downloadDir, URI mirror) {
        this.configuredDir = configuredDir;
        this.systemDir = systemDir;
        this.downloadDir = downloadDir;
        this.mirror = mirror;
    }

    /** The training pool (60 000 images) and the test set (10 000), with the checksums that identify them. */
    Loaded load() {
        var attempts = new ArrayList<String>();
        for (Path dir : candidates()) {
            try {
                return read(dir);
            } catch (IOException | DataException e) {
                attempts.add("%s: %s".formatted(dir, e.getMessage()));
            }
        }
        try {
            download();
            return read(downloadDir);
        } catch (IOException | DataException e) {
            attempts.add("download from %s: %s".formatted(mirror, describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempts.add("download from %s: interrupted".formatted(mirror));
        }
        throw new DataException("Fashion-MNIST is not available. Tried " + String.join("; ", attempts)
                + ". Install Debian's dataset-fashion-mnist, or put the four IDX .gz files in the directory set by"
                + " anneal.datasets.dir.");
    }

    private List<Path> candidates() {
        var dirs = new ArrayList<Path>();
        if (configuredDir != null) {
            dirs.add(configuredDir.resolve("fashion-mnist"));
            dirs.add(configuredDir);
        }
        dirs.add(systemDir);
        dirs.add(downloadDir);
        return dirs;
    }

    /**
     * The decoded data.
     *
     * @param pool the 60 000 training images
     * @param test the 10 000 test images
     * @param checksums file name to SHA-256 of its content
     */
    record Loaded(Examples pool, Examples test, Map<String, String> checksums) {}

    private Loaded read(Path dir) throws IOException {
        var contents = new LinkedHashMap<String, byte[]>();
        for (var file : FILES.entrySet()) {
            Path path = dir.resolve(file.getKey());
            if (!Files.isRegularFile(path)) {
                throw new DataException(file.getKey() + " is missing");
            }
            byte[] bytes = gunzip(path);
            String sha = sha256(bytes);
            if (!sha.equals(file.getValue())) {
                throw new DataException("%s has SHA-256 %s, not %s".formatted(file.getKey(), sha, file.getValue()));
            }
            contents.put(file.getKey(), bytes);
        }
        var pool = decode(contents.get("train-images-idx3-ubyte.gz"), contents.get("train-labels-idx1-ubyte.gz"));
        var test = decode(contents.get("t10k-images-idx3-ubyte.gz"), contents.get("t10k-labels-idx1-ubyte.gz"));
        return new Loaded(pool, test, FILES);
    }

    private static Examples decode(byte[] images, byte[] labels) {
        ByteBuffer imageHeader = ByteBuffer.wrap(images);
        if (imageHeader.getInt() != 0x803) {
            throw new DataException("not an IDX image file");
        }
        int count = imageHeader.getInt();
        int rows = imageHeader.getInt();
        int cols = imageHeader.getInt();
        ByteBuffer labelHeader = ByteBuffer.wrap(labels);
        if (labelHeader.getInt() != 0x801 || labelHeader.getInt() != count) {
            throw new DataException("the label file does not match the image file");
        }
        int pixels = rows * cols;
        float[] x = new float[count * pixels];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < pixels; p++) {
                x[i * pixels + p] = ((images[16 + i * pixels + p] & 0xff) / 255f - MEAN) / STD;
            }
            y[i] = labels[8 + i] & 0xff;
        }
        return new Examples(x, y, new long[] {1, rows, cols});
    }

    private void download() throws IOException, InterruptedException {
        Files.createDirectories(downloadDir);
        var http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String file : FILES.keySet()) {
            Path target = downloadDir.resolve(file);
            if (Files.isRegularFile(target)) {
                continue;
            }
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(MIRROR + file))
                            .timeout(Duration.ofMinutes(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new DataException("%s answered %d".formatted(MIRROR + file, response.statusCode()));
            }
            Path partial = downloadDir.resolve(file + ".part");
            Files.write(partial, response.body());
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static byte[] gunzip(Path path) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
            var out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
