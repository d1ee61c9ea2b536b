package dev.anneal.library;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What an uploaded file is, told from its bytes before PyTorch reads it, so a user who sent the wrong file is told
 * what they sent and what to send instead. A TorchScript file is a zip archive with a {@code code/} folder; a
 * {@code torch.save} file is a zip with pickled tensors and no code; an ONNX model is a protocol buffer.
 */
final class ModelFile {

    /** What to do, said to everyone who sent something else. */
    static final String HOW = "save a scripted module with torch.jit.script(model).save(path) (or a traced one with"
            + " torch.jit.trace(model, example).save(path))";

    private ModelFile() {}

    /** Why {@code file} is not a TorchScript module, in words that say what to do; empty when it looks like one. */
    static Optional<String> problem(Path file) throws IOException {
        if (Files.size(file) == 0) {
            return Optional.of("the file is empty; " + HOW);
        }
        if (!isZip(file)) {
            return Optional.of(
                    looksLikeOnnx(file)
                            ? "this is an ONNX model, which Anneal does not train; " + HOW
                            : "this is not a TorchScript file (TorchScript is a zip archive); " + HOW);
        }
        try (var zip = new ZipFile(file.toFile())) {
            boolean code = zip.stream().map(ZipEntry::getName).anyMatch(name -> name.contains("/code/"));
            boolean pickled = zip.stream().map(ZipEntry::getName).anyMatch(name -> name.endsWith("/data.pkl"));
            if (!code && pickled) {
                return Optional.of("this is a state dict or a pickled model saved with torch.save, which holds weights"
                        + " but not the code that uses them; " + HOW);
            }
            if (!code) {
                return Optional.of("this zip archive is not a TorchScript file (it has no code/ folder); " + HOW);
            }
        } catch (java.util.zip.ZipException e) {
            return Optional.of("this is not a readable TorchScript file (a damaged zip archive); " + HOW);
        }
        return Optional.empty();
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    /**
     * Whether the file starts as an ONNX model does: a protocol buffer whose first field is the IR version (tag
     * {@code 0x08}) and that names its producer or opset within its first kilobyte.
     */
    private static boolean looksLikeOnnx(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(1024);
            String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
            return head.length > 0
                    && head[0] == 0x08
                    && (text.contains("pytorch")
                            || text.contains("onnx")
                            || text.contains("ai.onnx")
                            || text.contains("tf2onnx")
                            || text.contains("skl2onnx"));
        }
    }
}
