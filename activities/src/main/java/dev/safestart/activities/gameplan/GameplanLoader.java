package dev.safestart.activities.gameplan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.safestart.workflows.model.GameplanCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the gameplan file into a JSON tree: at most {@link #MAX_BYTES}, strict JSON (no comments, no duplicate
 * keys). Every problem becomes a rejection naming the file and the reason, never an exception.
 */
public final class GameplanLoader {
    public static final int MAX_BYTES = 1024 * 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    /** Either the parsed tree or the rejection. */
    public record Loaded(JsonNode json, GameplanCheck rejection) {
        public boolean ok() {
            return rejection == null;
        }
    }

    private GameplanLoader() {}

    public static Loaded load(String pathText) {
        if (pathText == null || pathText.isBlank()) {
            return rejected("missing: GAMEPLAN_PATH is not set");
        }
        Path path;
        try {
            path = Path.of(pathText);
        } catch (InvalidPathException e) {
            return rejected("invalid path " + pathText + ": " + e.getReason());
        }
        if (!Files.exists(path)) {
            return rejected("missing: " + pathText + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            return rejected(pathText + " is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return rejected("missing: " + pathText + " does not exist");
        } catch (AccessDeniedException e) {
            return rejected(pathText + " is not readable (permission denied)");
        } catch (IOException e) {
            return rejected(pathText + " could not be read: " + e.getClass().getSimpleName());
        }
        if (bytes.length > MAX_BYTES) {
            return rejected(pathText + " is larger than the 1 MiB limit");
        }
        return parse(bytes);
    }

    /** Parses gameplan bytes (exposed for tests and for callers holding the content already). */
    public static Loaded parse(byte[] bytes) {
        if (bytes.length == 0) {
            return rejected("empty: expected a JSON object");
        }
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            JsonNode root = MAPPER.readTree(parser);
            if (root == null || root.isMissingNode()) {
                return rejected("empty: expected a JSON object");
            }
            if (parser.nextToken() != null) {
                return rejected("malformed JSON: trailing content after the object");
            }
            if (!root.isObject()) {
                return rejected("expected a JSON object, found "
                        + root.getNodeType().name().toLowerCase());
            }
            return new Loaded(root, null);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            return rejected("malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return rejected("could not be parsed: " + e.getClass().getSimpleName());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static Loaded rejected(String reason) {
        return new Loaded(null, GameplanCheck.rejected("file", reason));
    }
}
