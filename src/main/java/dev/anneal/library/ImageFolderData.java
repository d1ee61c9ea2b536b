package dev.anneal.library;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A dataset as a zip of an image folder: one sub-folder a class (its name the class's), PNG or JPEG images in it,
 * grey or colour, each resized to the manifest's {@code image_size} and read as {@code channels} channels of values
 * from 0 to 1. A single folder around the class folders is looked through; macOS's {@code __MACOSX} and hidden files
 * are skipped. Top folders {@code train/}, {@code val/} (or {@code validation/}) and {@code test/}, each holding class
 * folders, give the splits, as torchvision's {@code ImageFolder} users keep them.
 */
final class ImageFolderData {

    /** The largest image read: decoding is bounded by what its header says before a pixel is read. */
    static final int MAX_SIDE = 8192;

    private ImageFolderData() {}

    static ParsedDataset read(Path file, List<Integer> size, int channels, long maxValues) throws IOException {
        int height = size.get(0);
        int width = size.get(1);
        try (var zip = new ZipFile(file.toFile())) {
            var images = images(zip);
            if (images.isEmpty()) {
                throw new DataRefusedException("file", "the zip holds no PNG or JPEG images in class folders");
            }
            long values = (long) images.size() * channels * height * width;
            if (values > maxValues) {
                throw new DataRefusedException(
                        "file",
                        "%d images of %d×%d×%d are %d values, more than the %d a dataset"
                                        .formatted(images.size(), channels, height, width, values, maxValues)
                                + " may hold in memory (anneal.datasets.max-memory)");
            }
            var splits = splits(images);
            var classes = new TreeSet<String>();
            splits.values().forEach(split -> classes.addAll(split.keySet()));
            if (splits.get(Split.TRAIN).size() < 2) {
                throw new DataRefusedException(
                        "file",
                        "the zip has %s (%s) to train on: a classifier needs two at least"
                                .formatted(
                                        splits.get(Split.TRAIN).isEmpty() ? "no class folder" : "one class folder",
                                        String.join(
                                                ", ", splits.get(Split.TRAIN).keySet())));
            }
            var names = List.copyOf(classes);
            var read = new EnumMap<Split, LabelledArrays>(Split.class);
            for (var split : splits.entrySet()) {
                read.put(split.getKey(), examples(zip, split.getValue(), names, channels, height, width));
            }
            return Targets.named(true, read.get(Split.TRAIN), read.get(Split.VALIDATION), read.get(Split.TEST), names);
        } catch (ZipException e) {
            throw new DataRefusedException("file", "this is not a zip archive of an image folder: " + e.getMessage());
        }
    }

    /** The splits an image folder may give, as its top folders name them. */
    private enum Split {
        TRAIN,
        VALIDATION,
        TEST;

        static Split named(String folder) {
            return switch (folder) {
                case "train" -> TRAIN;
                case "val", "valid", "validation" -> VALIDATION;
                case "test" -> TEST;
                default -> null;
            };
        }
    }

    /**
     * The images by split, then by class: {@code class/image.png} (all to train on), or, where the top folders are
     * {@code train/} and any of {@code val/} (or {@code validation/}) and {@code test/}, {@code split/class/image.png}.
     */
    private static Map<Split, TreeMap<String, List<ZipEntry>>> splits(List<ZipEntry> images) {
        String root = commonRoot(images);
        var paths = images.stream()
                .map(entry -> entry.getName().substring(root.length()).split("/"))
                .toList();
        boolean split = paths.stream().allMatch(parts -> parts.length == 3 && Split.named(parts[0]) != null);
        if (split && paths.stream().noneMatch(parts -> Split.named(parts[0]) == Split.TRAIN)) {
            throw new DataRefusedException(
                    "file",
                    "the zip's top folders name splits (%s) but none is train/: the images to train on go there"
                            .formatted(String.join(
                                    ", ",
                                    paths.stream()
                                            .map(parts -> parts[0] + "/")
                                            .distinct()
                                            .toList())));
        }
        var splits = new EnumMap<Split, TreeMap<String, List<ZipEntry>>>(Split.class);
        splits.put(Split.TRAIN, new TreeMap<>());
        for (int i = 0; i < images.size(); i++) {
            var parts = paths.get(i);
            if (!split && parts.length != 2) {
                throw new DataRefusedException(
                        "file",
                        "%s is not in a class folder: put each image in the folder of"
                                        .formatted(images.get(i).getName())
                                + " its class, one level down (or under train/, val/ and test/ folders, two levels)");
            }
            var into = split ? Split.named(parts[0]) : Split.TRAIN;
            splits.computeIfAbsent(into, s -> new TreeMap<>())
                    .computeIfAbsent(parts[split ? 1 : 0], name -> new ArrayList<>())
                    .add(images.get(i));
        }
        return splits;
    }

    /** The images of one split, class by class, each labelled with its class's index among {@code classes}. */
    private static LabelledArrays examples(
            ZipFile zip, Map<String, List<ZipEntry>> byClass, List<String> classes, int channels, int height, int width)
            throws IOException {
        int count = byClass.values().stream().mapToInt(List::size).sum();
        int size = channels * height * width;
        float[] features = new float[count * size];
        float[] targets = new float[count];
        int at = 0;
        for (var inClass : byClass.entrySet()) {
            int label = classes.indexOf(inClass.getKey());
            for (var entry : inClass.getValue()) {
                var image = decode(zip, entry);
                pixels(resize(image, width, height), channels, features, at * size);
                targets[at++] = label;
            }
        }
        return new LabelledArrays(features, targets, new long[] {channels, height, width});
    }

    /** The zip's images, by path; anything else (but folders, macOS's metadata, hidden files) is refused. */
    private static List<ZipEntry> images(ZipFile zip) {
        var images = new ArrayList<ZipEntry>();
        for (var entry : zip.stream().toList()) {
            if (entry.isDirectory()
                    || entry.getName().startsWith("__MACOSX/")
                    || name(entry).startsWith(".")) {
                continue;
            }
            String lower = entry.getName().toLowerCase(Locale.ROOT);
            if (!(lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg"))) {
                throw new DataRefusedException("file", "%s is not a PNG or JPEG image".formatted(entry.getName()));
            }
            images.add(entry);
        }
        images.sort(java.util.Comparator.comparing(ZipEntry::getName));
        return images;
    }

    private static String name(ZipEntry entry) {
        String path = entry.getName();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The one folder every image lies in, when the class (or split) folders are inside one: {@code "fashion/"}, else
     * {@code ""}. A folder named as a split is a split, not such a folder.
     */
    private static String commonRoot(List<ZipEntry> images) {
        String first = images.get(0).getName();
        int slash = first.indexOf('/');
        if (slash < 0 || Split.named(first.substring(0, slash)) != null) {
            return "";
        }
        String root = first.substring(0, slash + 1);
        boolean shared = images.stream().allMatch(entry -> entry.getName().startsWith(root));
        boolean deeper = images.stream().allMatch(entry -> entry.getName().split("/").length >= 3);
        return shared && deeper ? root : "";
    }

    private static BufferedImage decode(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry);
                ImageInputStream stream = ImageIO.createImageInputStream(in)) {
            var readers = ImageIO.getImageReaders(stream);
            if (stream == null || !readers.hasNext()) {
                throw unreadable(entry, "not an image Anneal can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                if (reader.getWidth(0) > MAX_SIDE || reader.getHeight(0) > MAX_SIDE) {
                    throw unreadable(
                            entry,
                            "%d×%d pixels, larger than %d on a side"
                                    .formatted(reader.getWidth(0), reader.getHeight(0), MAX_SIDE));
                }
                return reader.read(0);
            } catch (IOException | RuntimeException e) {
                if (e instanceof DataRefusedException refused) {
                    throw refused;
                }
                throw unreadable(entry, "it cannot be decoded (" + e.getMessage() + ")");
            } finally {
                reader.dispose();
            }
        }
    }

    private static DataRefusedException unreadable(ZipEntry entry, String why) {
        return new DataRefusedException("file", "%s is unreadable: %s".formatted(entry.getName(), why));
    }

    private static BufferedImage resize(BufferedImage image, int width, int height) {
        var resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = resized.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return resized;
    }

    /** The image's pixels as {@code channels} planes (grey: luminance) of values from 0 to 1, into {@code into}. */
    private static void pixels(BufferedImage image, int channels, float[] into, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f;
                float g = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                int at = offset + y * width + x;
                if (channels == 1) {
                    into[at] = 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    into[at] = r;
                    into[at + plane] = g;
                    into[at + 2 * plane] = b;
                }
            }
        }
    }
}
