package io.vigil.source.jsonkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

/**
 * Reads JSON documents from files: a file or a directory tree (files in path order, hidden
 * ones skipped), plain or gzip-compressed (recognized by content, not name), holding one
 * document or many (JSON lines, or documents one after another). A file that is one JSON
 * array yields its elements one by one, so a large array is never held whole.
 */
public final class DocumentFiles {

    private DocumentFiles() {
    }

    /**
     * The regular files under {@code root} accepted by {@code filter}, sorted by path; just
     * {@code root} if it is a file.
     *
     * @throws IOException naming the path if it does not exist
     */
    public static List<Path> list(Path root, Predicate<Path> filter) throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "no such file or directory");
        }
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(filter)
                    .sorted()
                    .toList();
        }
    }

    /** Opens {@code file}, decompressing it if it starts with the gzip magic bytes. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** The documents of one file, read one at a time. */
    public static final class Reader implements AutoCloseable {
        private final Path file;
        private final InputStream in;
        private final MappingIterator<JsonNode> it;
        private String error;

        public Reader(Path file) throws IOException {
            this.file = file;
            this.in = open(file);
            this.it = Json.MAPPER.readerFor(JsonNode.class).readValues(in);
        }

        /**
         * The next document, or null at the end of the file or at the first malformed
         * document (then {@link #error()} says where and what).
         */
        public JsonNode next() {
            if (error != null) {
                return null;
            }
            try {
                return it.hasNextValue() ? it.nextValue() : null;
            } catch (JsonProcessingException e) {
                JsonLocation l = e.getLocation();
                error = file + (l == null ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr()) + ": malformed JSON: "
                        + e.getOriginalMessage();
                return null;
            } catch (IOException e) {
                error = file + ": " + e;
                return null;
            }
        }

        /** What stopped the reading, with file, line and column; null if nothing did. */
        public String error() {
            return error;
        }

        @Override
        public void close() throws IOException {
            it.close();
            in.close();
        }
    }
}
