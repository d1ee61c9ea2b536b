package dev.anneal.library;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One array of NumPy's {@code .npy} format, as {@code numpy.save} writes it (and {@code numpy.savez} inside a zip):
 * numbers only, in C order. An object array is a pickle, and is never read: it is refused.
 *
 * @param shape its shape
 * @param values its values, as floats, row-major
 * @param integral whether its type holds whole numbers (class labels)
 */
record NpyArray(long[] shape, float[] values, boolean integral) {

    private static final int CHUNK_BYTES = 1 << 20;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads one array from {@code in}, holding at most {@code maxValues} values; {@code name} names it in a refusal. */
    static NpyArray read(InputStream in, String name, long maxValues) throws IOException {
        var data = new DataInputStream(in);
        byte[] magic = data.readNBytes(MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new DataRefusedException("file", name + " is not a NumPy array (.npy): save it with numpy.savez");
        }
        int major = data.readUnsignedByte();
        data.readUnsignedByte();
        long headerLength = major == 1
                ? Short.toUnsignedInt(Short.reverseBytes(data.readShort()))
                : Integer.toUnsignedLong(Integer.reverseBytes(data.readInt()));
        if (headerLength > 64 * 1024) {
            throw new DataRefusedException(
                    "file", name + " has a header of %d bytes: not a plain array".formatted(headerLength));
        }
        String header = new String(data.readNBytes((int) headerLength), StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, name, "its type");
        if ("True".equals(group(FORTRAN, header, name, "its order"))) {
            throw new DataRefusedException("file", name + " is in Fortran order: save it with numpy.ascontiguousarray");
        }
        long[] shape = shape(group(SHAPE, header, name, "its shape"), name);
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new DataRefusedException("file", name + " has a negative dimension in its shape");
            }
            // past the bound the count stops growing: a huge shape is refused, never overflows
            count = dimension > maxValues ? maxValues + 1 : Math.min(count * dimension, maxValues + 1);
        }
        if (count > maxValues) {
            throw new DataRefusedException(
                    "file",
                    "%s holds more than the %d values a dataset may hold in memory".formatted(name, maxValues)
                            + " (anneal.datasets.max-memory)");
        }
        var type = Type.of(descr, name);
        float[] values = new float[(int) count];
        // a chunk at a time: the array's bytes at once could pass what one Java array holds
        int chunk = CHUNK_BYTES / type.size;
        for (int from = 0; from < values.length; from += chunk) {
            int n = Math.min(chunk, values.length - from);
            byte[] bytes = data.readNBytes(n * type.size);
            if (bytes.length != n * type.size) {
                throw new DataRefusedException(
                        "file", "%s ends early: its header promises %d values".formatted(name, count));
            }
            var buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                values[from + i] = type.read(buffer);
            }
        }
        return new NpyArray(shape, values, type.integral);
    }

    private static String group(Pattern pattern, String header, String name, String what) {
        var matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new DataRefusedException("file", name + "'s header does not say " + what);
        }
        return matcher.group(1);
    }

    private static long[] shape(String text, String name) {
        var dimensions = new ArrayList<Long>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                try {
                    dimensions.add(Long.parseLong(part.strip()));
                } catch (NumberFormatException e) {
                    throw new DataRefusedException("file", name + " has a shape Anneal cannot read: (" + text + ")");
                }
            }
        }
        return dimensions.stream().mapToLong(Long::longValue).toArray();
    }

    /** The number types an array may hold, as NumPy names them. */
    private enum Type {
        FLOAT32(4, false),
        FLOAT64(8, false),
        INT8(1, true),
        UINT8(1, true),
        INT16(2, true),
        UINT16(2, true),
        INT32(4, true),
        INT64(8, true),
        BOOL(1, true);

        final int size;
        final boolean integral;

        Type(int size, boolean integral) {
            this.size = size;
            this.integral = integral;
        }

        static Type of(String descr, String name) {
            if (descr.length() < 2) {
                throw refused(descr, name);
            }
            char byteOrder = descr.charAt(0);
            var type = switch (descr.substring(1)) {
                case "f4" -> FLOAT32;
                case "f8" -> FLOAT64;
                case "i1" -> INT8;
                case "u1" -> UINT8;
                case "i2" -> INT16;
                case "u2" -> UINT16;
                case "i4" -> INT32;
                case "i8" -> INT64;
                case "b1" -> BOOL;
                default -> throw refused(descr, name);
            };
            if (byteOrder == '>' && type.size > 1) {
                throw new DataRefusedException(
                        "file", name + " is big-endian: save it with arr.astype(arr.dtype.newbyteorder('<'))");
            }
            return type;
        }

        private static DataRefusedException refused(String descr, String name) {
            return new DataRefusedException(
                    "file",
                    "%s holds %s values; Anneal reads numbers: float32, float64 and"
                                    .formatted(
                                            name, descr.contains("O") ? "Python object (pickled)" : "'" + descr + "'")
                            + " whole numbers (int8 to int64, uint8, uint16, bool)");
        }

        float read(ByteBuffer buffer) {
            return switch (this) {
                case FLOAT32 -> buffer.getFloat();
                case FLOAT64 -> (float) buffer.getDouble();
                case INT8 -> buffer.get();
                case UINT8, BOOL -> Byte.toUnsignedInt(buffer.get());
                case INT16 -> buffer.getShort();
                case UINT16 -> Short.toUnsignedInt(buffer.getShort());
                case INT32 -> buffer.getInt();
                case INT64 -> buffer.getLong();
            };
        }
    }

    /** The dimensions past the first: one example's shape. */
    List<Long> exampleShape() {
        var dims = new ArrayList<Long>();
        for (int i = 1; i < shape.length; i++) {
            dims.add(shape[i]);
        }
        return dims;
    }
}
